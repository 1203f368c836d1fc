/**
 * A deterministic dirty customers and projects feed per the data contract
 * (DATA-CONTRACT.md), for `npm run bench:pipeline` and the incremental tests. Every dirty
 * form the contract names occurs: ids with spaces, leading zeros, empty or non-numeric;
 * names with runs of white space; every date form and impossible dates; every money and
 * employee-count form; null tokens in any case; quoted commas, quotes and line breaks;
 * exact duplicate rows; rows that differ only in service or sub_service; case-sensitive
 * project keys; projects of unknown customers and rows without a key (rejects).
 *
 * Every value is a pure function of the seed and the row's position in the feed (customer,
 * engagement, service, delivery), so a later batch can re-deliver a row already loaded,
 * exactly or changed, as the 6-hourly feed does.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The columns of customers.csv and projects.csv, as the contract lists them. */
export const CUSTOMER_COLUMNS = [
  'customer_id',
  'customer_name',
  'project_id',
  'engagementid',
  'engagement_date',
  'engagement_type',
  'engagement_reference',
  'service',
  'sub_service',
  'revenue',
  'client_revenue',
  'revenue_usd',
  'employee_count',
  'comments',
] as const;
export const PROJECT_COLUMNS = ['project_id', 'customer_id', 'project_name', 'project_status', 'start_date', 'end_date', 'budget_usd'] as const;

/** One delivery of both files, each row its fields in the column order above. */
export interface FeedBatch {
  readonly customers: string[][];
  readonly projects: string[][];
}

export interface DirtyFeedOptions {
  /** Rows of customers.csv in the first delivery; projects.csv gets about a third as many. */
  readonly customerRows: number;
  /** Different seeds give different feeds of the same shape. @default 1 */
  readonly seed?: number;
}

/** Customers have 1-3 engagements of 1-2 service rows: about 3.2 rows per customer. */
const ROWS_PER_CUSTOMER = 3.2;
/** Share of project rows whose customer_id points past the known customers (orphans until they arrive). */
const ORPHAN_PROJECT_SHARE = 0.03;
/** Orphan projects point at the first customers a later delivery brings. */
const ORPHAN_CUSTOMER_RANGE = 50;

/**
 * The feed's values for one seed. `firstDelivery` is the initial load; `laterDelivery`
 * is what a later 6-hourly batch brings.
 */
export class DirtyFeed {
  private readonly seed: number;
  /** Customers of the first delivery are 1..knownCustomers; later ones come after. */
  readonly knownCustomers: number;

  constructor(private readonly options: DirtyFeedOptions) {
    if (!Number.isInteger(options.customerRows) || options.customerRows < 1) {
      throw new Error(`customerRows must be a whole number of at least 1, got ${options.customerRows}`);
    }
    this.seed = options.seed ?? 1;
    this.knownCustomers = Math.max(1, Math.round(options.customerRows / ROWS_PER_CUSTOMER));
  }

  /** The first delivery: exactly `customerRows` customers rows, and the customers' projects. */
  firstDelivery(): FeedBatch {
    const customers: string[][] = [];
    const projects: string[][] = [];
    for (let customer = 1; customers.length < this.options.customerRows; customer += 1) {
      customers.push(...this.customerRows(customer, 0));
      projects.push(...this.projectRows(customer, 0));
    }
    customers.length = this.options.customerRows;
    return { customers, projects };
  }

  /**
   * Delivery number `delivery` (1, 2, ...) after the first: about `share` of the first
   * delivery's rows, half new customers (some of them the unknown customers earlier
   * projects pointed to, which makes those projects valid) and half rows for keys already
   * loaded: exact duplicates, late rows with older dates, and changed rows whose newer
   * date or greater key changes the tie-break winner; projects re-delivered changed,
   * moved to another customer or duplicated.
   */
  laterDelivery(delivery: number, share: number): FeedBatch {
    const rowBudget = Math.max(2, Math.round(this.options.customerRows * share));
    const customers: string[][] = [];
    const projects: string[][] = [];
    const firstNew = this.knownCustomers + 1 + Math.round(((delivery - 1) * rowBudget) / 2 / ROWS_PER_CUSTOMER);
    for (let customer = firstNew; customers.length < rowBudget / 2; customer += 1) {
      customers.push(...this.customerRows(customer, 0));
      projects.push(...this.projectRows(customer, 0));
    }
    for (let pick = 0; customers.length < rowBudget; pick += 1) {
      const customer = 1 + Math.floor(this.random(delivery, pick, 1) * this.knownCustomers);
      customers.push(...this.customerRows(customer, delivery).slice(0, 2));
      if (pick % 2 === 0) projects.push(...this.projectRows(customer, delivery));
    }
    return { customers, projects };
  }

  /** The rows of one customer in one delivery (0 = the original rows). */
  private customerRows(customer: number, delivery: number): string[][] {
    const rows: string[][] = [];
    const engagements = 1 + Math.floor(this.random(customer, 0, 2) * 3);
    for (let engagement = 1; engagement <= engagements; engagement += 1) {
      const services = 1 + Math.floor(this.random(customer, engagement, 3) * 2);
      for (let service = 1; service <= services; service += 1) {
        const row = this.customerRow(customer, engagement, service, delivery);
        rows.push(row);
        // Exact duplicates: the export sometimes sends a row twice.
        if (this.random(customer, engagement * 10 + service, 4 + delivery) < 0.03) rows.push([...row]);
      }
    }
    return rows;
  }

  private customerRow(customer: number, engagement: number, service: number, delivery: number): string[] {
    const at = (field: number): number => this.random(customer, engagement * 10 + service, 100 + field * 7 + delivery);
    const kind = delivery === 0 ? 'original' : pickFrom(['duplicate', 'late', 'changed', 'changed'], at(0));
    const original = kind === 'duplicate' || kind === 'original';
    const vary = (field: number): number => (original ? this.random(customer, engagement * 10 + service, 100 + field * 7) : at(field));
    const baseDay = Math.floor(this.random(customer, engagement, 5) * 1800);
    const day = kind === 'late' ? baseDay - 400 : kind === 'changed' ? baseDay + 30 * delivery : baseDay;
    const serviceName = pickFrom(SERVICES, this.random(customer, engagement * 10 + service, 6));
    return [
      customerIdText(customer, vary(1)),
      dirtyName(`Customer ${customer}${original ? '' : ` renamed ${delivery}`}`, vary(2)),
      vary(3) < 0.1 ? '' : spaced(`P-${customer}-${1 + (engagement % 2)}`, vary(4)),
      vary(5) < 0.02 ? '' : spaced(`${kind === 'changed' && vary(6) < 0.2 ? 'F' : 'E'}-${customer}-${engagement}`, vary(7)),
      dateText(day, vary(8)),
      pickFrom(ENGAGEMENT_TYPES, vary(9)),
      vary(10) < 0.7 ? '' : pickFrom([`REF-${customer}-${engagement}`, 'N/A', 'null'], vary(11)),
      vary(12) < 0.03 ? pickFrom(NULL_TOKENS, vary(13)) : serviceName,
      vary(14) < 0.1 ? '' : `${serviceName} ${pickFrom(SUB_SERVICES, this.random(customer, engagement * 10 + service, 15))}`,
      vary(16) < 0.5 ? '' : plainDecimal(vary(17)),
      vary(18) < 0.4 ? pickFrom(['', 'abc'], vary(19)) : moneyText(vary(20)),
      vary(21) < 0.5 ? pickFrom(['', 'N/A', '-'], vary(22)) : suffixedAmount(vary(23)),
      employeeCountText(vary(24)),
      pickFrom(COMMENTS, vary(25)),
    ];
  }

  /** The projects of one customer in one delivery: 0-2 projects, some with an older row as well. */
  private projectRows(customer: number, delivery: number): string[][] {
    const rows: string[][] = [];
    const projects = Math.floor(this.random(customer, 0, 30) * 3);
    for (let project = 1; project <= projects; project += 1) {
      rows.push(this.projectRow(customer, project, delivery));
      if (delivery === 0 && this.random(customer, project, 31) < 0.1) rows.push(this.projectRow(customer, project, -1));
    }
    return rows;
  }

  /** delivery -1 is an older version of the project, sent alongside the current one. */
  private projectRow(customer: number, project: number, delivery: number): string[] {
    const at = (field: number): number => this.random(customer, project, 200 + field * 7 + Math.max(delivery, 0) + (delivery < 0 ? 3 : 0));
    const kind = delivery <= 0 ? 'original' : pickFrom(['duplicate', 'changed', 'moved'], at(0));
    const vary = (field: number): number => (kind === 'duplicate' ? this.random(customer, project, 200 + field * 7) : at(field));
    const baseDay = Math.floor(this.random(customer, project, 32) * 1800) + (delivery < 0 ? -365 : 0);
    const startDay = kind === 'changed' || kind === 'moved' ? baseDay + 10 * delivery : baseDay;
    const orphan = this.random(customer, project, 33) < ORPHAN_PROJECT_SHARE;
    const owner = kind === 'moved' ? customer + 1 : orphan ? this.knownCustomers + 1 + (customer % ORPHAN_CUSTOMER_RANGE) : customer;
    const key = this.random(customer, project, 34) < 0.02 ? `p-${customer}-${project}` : `P-${customer}-${project}`;
    return [
      vary(1) < 0.005 ? pickFrom(['', 'N/A'], vary(2)) : spaced(key, vary(3)),
      vary(4) < 0.02 ? pickFrom(['abc', ''], vary(5)) : customerIdText(owner, vary(6) * 0.99),
      dirtyName(`Project ${customer}-${project}${kind === 'changed' ? ` v${delivery}` : ''}`, vary(7)),
      vary(8) < 0.03 ? pickFrom(['NULL', ''], vary(9)) : pickFrom(PROJECT_STATUSES, vary(10)),
      dateText(startDay, vary(11)),
      vary(12) < 0.3 ? '' : dateText(startDay + 30 + Math.floor(vary(13) * 300), vary(14)),
      vary(15) < 0.05 ? pickFrom(['N/A', '-'], vary(16)) : vary(17) < 0.5 ? moneyText(vary(18)) : suffixedAmount(vary(19)),
    ];
  }

  /** A number in [0, 1) from the seed and three integers (a 32-bit integer hash, murmur3's finalizer). */
  private random(a: number, b: number, c: number): number {
    let h = Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b) ^ a;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) ^ b;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ c;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  }
}

const NULL_TOKENS = ['NULL', 'null', 'N/A', 'n/a', 'NA', '-', ' '];
const SERVICES = ['Design', 'Media', 'Strategy', 'Data'];
const SUB_SERVICES = ['Web', 'Print', 'Social', 'Paid', 'Audit'];
const ENGAGEMENT_TYPES = ['Onboarding', 'QBR', 'Workshop', 'Call', '  QBR ', 'N/A'];
const PROJECT_STATUSES = ['Active', 'ACTIVE', 'active', 'Completed', 'completed', 'On_Hold', 'on_hold', 'CANCELLED', 'Cancelled'];
const COMMENTS = ['', '', '', 'first row, with a comma', 'He said "hi"', 'line one\nline two', 'NULL', 'follow-up'];

function pickFrom<T>(values: readonly T[], random: number): T {
  return values[Math.floor(random * values.length)] as T;
}

/** An integer id as text with spaces or leading zeros; about 1 % not an integer at all (rejects). */
function customerIdText(id: number, random: number): string {
  if (random >= 0.99) return pickFrom(['', 'NULL', 'n/a', `${id}a`, '-5', 'ABC'], (random - 0.99) * 100);
  return pickFrom([`${id}`, `${id}`, ` 00${id}`, `0${id} `, `  ${id}  `], random / 0.99);
}

function dirtyName(name: string, random: number): string {
  return pickFrom([name, name, `  ${name.replace(' ', '   ')}  `, name.replace(' ', '\t'), 'NULL'], random);
}

function spaced(key: string, random: number): string {
  return random < 0.1 ? ` ${key}  ` : key;
}

/** Day `day` after 2020-01-01 in one of the contract's date forms, or about 3 % impossible or unparseable. */
function dateText(day: number, random: number): string {
  if (random >= 0.97) return pickFrom(['2023-02-30', '31.04.2024', 'yesterday', ''], (random - 0.97) / 0.03);
  const date = new Date(Date.UTC(2020, 0, 1 + day));
  const yyyy = String(date.getUTCFullYear());
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const forms = [
    `${yyyy}-${mm}-${dd}`,
    `${yyyy}/${mm}/${dd}`,
    `${mm}/${dd}/${yyyy}`,
    `${dd}.${mm}.${yyyy}`,
    `${yyyy}-${mm}-${dd}T14:30:00`,
    `${yyyy}-${mm}-${dd}T09:00:00Z`,
  ];
  return pickFrom(forms, random / 0.97);
}

function plainDecimal(random: number): string {
  return pickFrom([`${Math.round(random * 1e7) / 100}`, '1.005', '-2.345'], (random * 1000) % 1);
}

/** `$1,234.50`, `1,234.50 USD` or `1,234.50usd`. */
function moneyText(random: number): string {
  const cents = Math.round(random * 1e8);
  const amount = `${withThousandsCommas(Math.floor(cents / 100))}.${String(cents % 100).padStart(2, '0')}`;
  return pickFrom([`$${amount}`, `${amount} USD`, `${amount}usd`], (random * 1000) % 1);
}

/** A number with a K/M/B suffix in any case, or none. */
function suffixedAmount(random: number): string {
  const number = `${Math.round(random * 1000) / 100}`;
  return `${number}${pickFrom(['K', 'k', 'M', 'm', 'B', 'b', ''], (random * 1000) % 1)}`;
}

function withThousandsCommas(whole: number): string {
  return String(whole).replace(/\B(?=(\d{3})+$)/g, ',');
}

function employeeCountText(random: number): string {
  const n = 10 + Math.floor(random * 5000);
  return pickFrom(
    [withThousandsCommas(n), `${n}-${n + 50}`, `${n} - ${n + 50}`, `${n}+`, `~${n}`, `~ ${n}`, 'many', '', 'NA'],
    (random * 1000) % 1,
  );
}

/**
 * Writes `<dir>/customers.csv` and `<dir>/projects.csv` (RFC 4180, LF and CRLF line ends,
 * headers in their own case and spacing as the exports have them).
 */
export function writeFeed(dir: string, batch: FeedBatch): void {
  mkdirSync(dir, { recursive: true });
  writeCsv(join(dir, 'customers.csv'), CUSTOMER_COLUMNS.map((column) => (column === 'customer_name' ? ' Customer_Name ' : column)), batch.customers, '\n');
  writeCsv(join(dir, 'projects.csv'), PROJECT_COLUMNS.map((column) => column.toUpperCase()), batch.projects, '\r\n');
}

function writeCsv(path: string, header: readonly string[], rows: readonly string[][], lineEnd: string): void {
  const file = openSync(path, 'w');
  try {
    const chunkRows = 20_000;
    writeSync(file, `${header.join(',')}${lineEnd}`);
    for (let start = 0; start < rows.length; start += chunkRows) {
      const lines = rows.slice(start, start + chunkRows).map((row) => row.map(csvField).join(','));
      writeSync(file, `${lines.join(lineEnd)}${lineEnd}`);
    }
  } finally {
    closeSync(file);
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
