import { createHash } from 'node:crypto';
import { LOADED_AT_TEXT, only, runOn, SAMPLE_DIR, type Row, type SampleRun } from './support';

let run: SampleRun;
let customerProjects: Row[];
let martCustomers: Row[];
let martProjects: Row[];

beforeAll(async () => {
  run = await runOn(SAMPLE_DIR);
  customerProjects = run.rows('dw_customer_project');
  martCustomers = run.rows('mrt_customer');
  martProjects = run.rows('mrt_project');
});

/** dbt_utils.generate_surrogate_key(['customer_id', 'project_id']) computed independently. */
function surrogateKey(customerId: string, projectId: string): string {
  return createHash('md5').update(`${customerId}-${projectId}`).digest('hex');
}

describe('dw_customer_project', () => {
  test('holds the projects whose customer is in tfm_customer_info, and only those', () => {
    expect(customerProjects.map((row) => row.project_id).sort()).toEqual(
      ['P-1001', 'P-1002', 'P-1003', 'P-1004', 'P-1007', 'P-1008', 'P-1009', 'p-1001'],
    );
  });

  test('customer_project_sk is the dbt_utils surrogate key of customer_id and project_id', () => {
    for (const row of customerProjects) {
      expect(row.customer_project_sk).toBe(surrogateKey(row.customer_id as string, row.project_id as string));
    }
  });

  test('joins the customer columns to the project columns', () => {
    expect(only(customerProjects, { project_id: 'P-1002' })).toEqual({
      customer_project_sk: surrogateKey('42', 'P-1002'),
      customer_id: '42',
      customer_name: 'Acme Corporation',
      client_revenue_usd: '1200.00',
      employee_count: '1200',
      project_id: 'P-1002',
      project_name: 'Website',
      project_status: 'active',
      start_date: '2024-02-01',
      end_date: null,
      budget_usd: '1500000.00',
      etl_timestamp: LOADED_AT_TEXT,
    });
  });
});

describe('mrt_customer', () => {
  test('has one row per tfm_customer_info customer', () => {
    expect(martCustomers.map((row) => row.customer_id)).toEqual(run.rows('tfm_customer_info').map((row) => row.customer_id));
  });

  test('counts projects, active projects, budgets and engagements (42)', () => {
    expect(only(martCustomers, { customer_id: '42' })).toEqual({
      customer_id: '42',
      customer_name: 'Acme Corporation',
      client_revenue_usd: '1200.00',
      employee_count: '1200',
      project_count: '3',
      active_project_count: '2',
      total_project_budget_usd: '1525000.00',
      engagement_count: '2',
      first_engagement_date: '2024-03-15',
      last_engagement_date: '2024-04-01',
      etl_timestamp: LOADED_AT_TEXT,
    });
  });

  test('the budget total ignores NULL budgets and is 0 when there are none (55, 202)', () => {
    expect(only(martCustomers, { customer_id: '55' })).toMatchObject({ project_count: '1', total_project_budget_usd: '0.00' });
    expect(only(martCustomers, { customer_id: '202' })).toMatchObject({
      project_count: '0',
      active_project_count: '0',
      total_project_budget_usd: '0.00',
    });
  });

  test('first and last engagement dates ignore NULL dates (7) and are NULL when every date is (207)', () => {
    expect(only(martCustomers, { customer_id: '7' })).toMatchObject({
      engagement_count: '2',
      first_engagement_date: '2024-03-15',
      last_engagement_date: '2024-03-15',
    });
    expect(only(martCustomers, { customer_id: '207' })).toMatchObject({
      engagement_count: '1',
      first_engagement_date: null,
      last_engagement_date: null,
    });
  });

  test('completed projects are not active (88)', () => {
    expect(only(martCustomers, { customer_id: '88' })).toMatchObject({
      project_count: '2',
      active_project_count: '0',
      total_project_budget_usd: '9000.00',
    });
  });
});

describe('mrt_project', () => {
  test('has one row per tfm_projects project', () => {
    expect(martProjects.map((row) => row.project_id)).toEqual(run.rows('tfm_projects').map((row) => row.project_id));
  });

  test.each([
    ['P-1001', '181'],
    ['P-1003', '60'],
    ['P-1005', '0'],
    ['P-1009', '28'],
    ['P-1002', null],
    ['p-1001', null],
  ])('duration_days of %s is %s', (projectId, expected) => {
    expect(only(martProjects, { project_id: projectId }).duration_days).toBe(expected);
  });

  test('customer_name is NULL when the customer is unknown (P-1005, customer 999) or missing (P-1006)', () => {
    expect(only(martProjects, { project_id: 'P-1005' })).toMatchObject({ customer_id: '999', customer_name: null });
    expect(only(martProjects, { project_id: 'P-1006' })).toMatchObject({ customer_id: null, customer_name: null });
    expect(only(martProjects, { project_id: 'P-1001' }).customer_name).toBe('Acme Corporation');
  });

  test('engagement_count counts engagements by project_id, whatever their customer', () => {
    const counts = Object.fromEntries(martProjects.map((row) => [row.project_id, row.engagement_count]));
    expect(counts).toEqual({
      'P-1001': '1',
      'P-1002': '1',
      'P-1003': '2',
      'P-1004': '2',
      'P-1005': '1',
      'P-1006': '0',
      'P-1007': '0',
      'P-1008': '0',
      'P-1009': '1',
      'p-1001': '0',
    });
  });
});
