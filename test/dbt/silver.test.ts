import { LOADED_AT_TEXT, only, runOn, SAMPLE_DIR, type Row, type SampleRun } from './support';

// The sample rows each assertion relies on are in dbt/sample-data; the comments name them.
let run: SampleRun;
let customers: Row[];
let engagements: Row[];
let services: Row[];
let projects: Row[];

beforeAll(async () => {
  run = await runOn(SAMPLE_DIR);
  customers = run.rows('tfm_customer_info');
  engagements = run.rows('tfm_customer_engagements');
  services = run.rows('tfm_engagement_services');
  projects = run.rows('tfm_projects');
});

describe('the sample run', () => {
  test('builds every model and passes every declared and singular test', () => {
    expect(run.result.failedTests).toEqual([]);
    expect(run.result.testsRun).toBeGreaterThanOrEqual(50);
    expect(run.progress.filter((line) => /^\[\s*\d+\/\d+\] /.test(line))).toHaveLength(run.result.models.length);
  });

  test.each(['tfm_customer_info', 'tfm_customer_engagements', 'tfm_engagement_services', 'tfm_projects', 'tfm_customer_rejects', 'tfm_project_rejects'])(
    '%s carries the load time of its raw rows as etl_timestamp',
    (model) => {
      const rows = run.rows(model);
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((row) => row.etl_timestamp))).toEqual(new Set([LOADED_AT_TEXT]));
    },
  );
});

describe('tfm_customer_info', () => {
  test('one row per customer id, leading zeros and spaces removed (" 0042", "42", "042"; "007", "7"; "  0210 ")', () => {
    expect(customers.map((row) => row.customer_id)).toEqual(
      ['7', '42', '55', '88', '201', '202', '203', '204', '205', '206', '207', '208', '209', '210'],
    );
  });

  test('white space is collapsed and trimmed', () => {
    expect(only(customers, { customer_id: '210' }).customer_name).toBe('Lead Zero Ltd');
  });

  test('the latest engagement_date wins (42: 2024/04/01 beats 2024-03-15 and the unparseable date)', () => {
    expect(only(customers, { customer_id: '42' })).toMatchObject({ customer_name: 'Acme Corporation', client_revenue_usd: '1200.00' });
  });

  test('a NULL date sorts last even with the greater key (7: invalid 2023-02-30 on E-300 loses to E-299)', () => {
    expect(only(customers, { customer_id: '7' })).toMatchObject({
      customer_name: 'Globex Inc',
      client_revenue_usd: '2500.00',
      employee_count: '500',
    });
  });

  test('on the same date the greater engagementid wins before the value (55: E-201 over E-200)', () => {
    expect(only(customers, { customer_id: '55' })).toMatchObject({
      customer_name: 'Beta',
      client_revenue_usd: '3000000.00',
      employee_count: '300',
    });
  });

  test('on the same date and engagement the greater value wins, per column (88)', () => {
    expect(only(customers, { customer_id: '88' })).toMatchObject({
      customer_name: 'Delta Group',
      client_revenue_usd: '1.01',
      employee_count: '300',
    });
  });

  test('a NULL value in the first row falls through to the next row (42: "n/a" employee count)', () => {
    expect(only(customers, { customer_id: '42' }).employee_count).toBe('1200');
  });

  test.each([
    ['201', '$1,200.50', '1200.50'],
    ['202', '1,200.50 USD', '1200.50'],
    ['203', '1.2K', '1200.00'],
    ['204', '3m', '3000000.00'],
    ['205', '2B', '2000000000.00'],
    ['206', 'plain 1200.5', '1200.50'],
    ['207', '1.005, rounded half away from zero', '1.01'],
    ['208', 'revenue -2.345 after unparseable revenue_usd and client_revenue', '-2.35'],
    ['209', 'revenue_usd 0.5k before client_revenue and revenue', '500.00'],
  ])('client_revenue_usd of %s from %s is %s', (customerId, _form, expected) => {
    expect(only(customers, { customer_id: customerId }).client_revenue_usd).toBe(expected);
  });

  test.each([
    ['201', '1,200', '1200'],
    ['202', '50-100', '100'],
    ['203', '50 - 100', '100'],
    ['204', '500+', '500'],
    ['205', '~300', '300'],
    ['206', '~ 300', '300'],
    ['207', 'many', null],
    ['209', 'NA', null],
  ])('employee_count of %s from %s is %s', (customerId, _form, expected) => {
    expect(only(customers, { customer_id: customerId }).employee_count).toBe(expected);
  });
});

describe('tfm_customer_engagements', () => {
  test.each([
    ['E-601', 'YYYY-MM-DD', '2024-01-10'],
    ['E-602', 'YYYY/MM/DD', '2024-01-11'],
    ['E-603', 'MM/DD/YYYY', '2024-01-12'],
    ['E-604', 'DD.MM.YYYY', '2024-01-13'],
    ['E-605', 'YYYY-MM-DDTHH:MM:SS', '2024-01-14'],
    ['E-606', 'YYYY-MM-DDTHH:MM:SSZ', '2024-01-15'],
    ['E-607', 'invalid 2023-02-30', null],
  ])('engagement_date of %s (%s) is %s', (engagementid, _form, expected) => {
    expect(only(engagements, { engagementid }).engagement_date).toBe(expected);
  });

  test('a row without engagementid counts for the customer but forms no engagement; keys are trimmed', () => {
    expect(engagements.filter((row) => row.customer_id === '42').map((row) => row.engagementid)).toEqual(['E-100', 'E-101']);
  });

  test('columns are picked separately: the greater type, the only non-NULL reference (88, E-400)', () => {
    expect(only(engagements, { customer_id: '88', engagementid: 'E-400' })).toMatchObject({
      engagement_type: 'QBR',
      engagement_reference: 'REF-400',
      project_id: 'P-1005',
      engagement_date: '2024-06-01',
    });
  });

  test('null tokens become NULL (42, E-101 reference "N/A")', () => {
    expect(only(engagements, { customer_id: '42', engagementid: 'E-101' }).engagement_reference).toBeNull();
  });
});

describe('tfm_engagement_services', () => {
  test('rows differing only in sub_service are kept, exact duplicates collapse (42, E-100)', () => {
    const subServices = services.filter((row) => row.engagementid === 'E-100').map((row) => `${row.service}/${row.sub_service}`);
    expect(subServices).toEqual(['Design/Branding', 'Design/Print', 'Design/Web']);
  });

  test('a NULL sub_service is part of the grain; rows whose service is NULL are left out', () => {
    expect(only(services, { engagementid: 'E-101' })).toMatchObject({ service: 'Strategy', sub_service: null });
    expect(services.filter((row) => row.engagementid === 'E-299')).toEqual([]);
  });

  test('the same service on two engagements is two rows (55)', () => {
    expect(services.filter((row) => row.customer_id === '55').map((row) => row.engagementid)).toEqual(['E-200', 'E-201']);
  });
});

describe('tfm_projects', () => {
  test('one row per project_id, compared case-sensitively (P-1001 and p-1001)', () => {
    expect(projects.map((row) => row.project_id)).toEqual(
      ['P-1001', 'P-1002', 'P-1003', 'P-1004', 'P-1005', 'P-1006', 'P-1007', 'P-1008', 'P-1009', 'p-1001'],
    );
  });

  test('exact duplicates collapse and the latest start_date wins (P-1001)', () => {
    expect(only(projects, { project_id: 'P-1001' })).toMatchObject({
      project_name: 'Brand refresh',
      project_status: 'active',
      start_date: '2024-01-01',
      end_date: '2024-06-30',
      budget_usd: '25000.00',
    });
  });

  test('on the same start_date each column takes the greater non-NULL value (P-1007)', () => {
    expect(only(projects, { project_id: 'P-1007' })).toMatchObject({
      project_name: 'Zeta',
      project_status: 'completed',
      end_date: '2024-04-01',
      budget_usd: '7000.00',
    });
  });

  test('a NULL start_date sorts last (P-1008: invalid 2024-02-30)', () => {
    expect(only(projects, { project_id: 'P-1008' })).toMatchObject({
      project_name: 'Older name',
      start_date: '2023-01-01',
      budget_usd: '2000.00',
    });
  });

  test('project_status is lower-cased; a null token is NULL', () => {
    const statuses = Object.fromEntries(projects.map((row) => [row.project_id, row.project_status]));
    expect(statuses).toMatchObject({ 'P-1002': 'active', 'P-1004': 'on_hold', 'P-1005': 'cancelled', 'p-1001': null });
  });

  test('a customer_id that is not an integer is NULL and the project is kept; " 0042" is 42', () => {
    expect(only(projects, { project_id: 'P-1006' }).customer_id).toBeNull();
    expect(only(projects, { project_id: 'P-1002' }).customer_id).toBe('42');
  });

  test.each([
    ['P-1002', '1.5M', '1500000.00'],
    ['P-1003', '40,000 USD', '40000.00'],
    ['P-1004', 'N/A', null],
    ['P-1005', '12.5k', '12500.00'],
    ['P-1009', '0.25k', '250.00'],
  ])('budget_usd of %s from %s is %s', (projectId, _form, expected) => {
    expect(only(projects, { project_id: projectId }).budget_usd).toBe(expected);
  });

  test('dates in every form (P-1002 YYYY/MM/DD, P-1003 MM/DD/YYYY and DD.MM.YYYY, P-1009 with Z)', () => {
    expect(only(projects, { project_id: 'P-1002' })).toMatchObject({ start_date: '2024-02-01', end_date: null });
    expect(only(projects, { project_id: 'P-1003' })).toMatchObject({ start_date: '2024-01-15', end_date: '2024-03-15' });
    expect(only(projects, { project_id: 'P-1009' }).start_date).toBe('2024-02-01');
  });
});

describe('rejects', () => {
  test('customers rows without an integer customer_id, one per raw row, unchanged, with the reason', () => {
    const rejects = run.rows('tfm_customer_rejects');
    expect(rejects.map((row) => row.customer_id)).toEqual([null, '-5', '12a', 'ABC', 'ABC', 'NULL']);
    expect(new Set(rejects.map((row) => row.reason))).toEqual(new Set(['missing_customer_id']));
    expect(only(rejects, { engagementid: 'E-504' }).customer_name).toBe('Mixed Id Co');
    expect(rejects.filter((row) => row.customer_id === 'ABC').map((row) => row.comments)).toEqual(['line one\nline two', 'line one\nline two']);
  });

  test('rejected customers appear in no other customer model', () => {
    const rejectedEngagements = ['E-500', 'E-501', 'E-502', 'E-503', 'E-504'];
    expect(engagements.filter((row) => rejectedEngagements.includes(row.engagementid as string))).toEqual([]);
  });

  test('projects rows without a project_id, with the raw budget text kept', () => {
    const rejects = run.rows('tfm_project_rejects');
    expect(rejects.map((row) => [row.project_id, row.budget_usd, row.reason])).toEqual([
      [null, '$5,000', 'missing_project_id'],
      ['N/A', '$6,000', 'missing_project_id'],
    ]);
  });
});
