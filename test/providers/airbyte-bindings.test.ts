import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AIRBYTE_PROVIDER_VERSION } from '../../providers/airbyte';
import { PLATFORM_STACKS } from '../../stacks/platform';
import { synthPlatform, type SynthesizedPlatform } from '../support/synth';

interface SchemaAttribute {
  readonly type: string;
  readonly required: 'required' | 'optional' | 'required with its parent' | 'computed';
  readonly sensitive: boolean;
}

/** The attribute tables of providers/airbyte/SCHEMA.md, by block (`provider "airbyte"`, `airbyte_source`, ...) and dotted path. */
function schemaNote(): Map<string, Map<string, SchemaAttribute>> {
  const text = readFileSync(join(__dirname, '..', '..', 'providers', 'airbyte', 'SCHEMA.md'), 'utf8');
  const blocks = new Map<string, Map<string, SchemaAttribute>>();
  let current: Map<string, SchemaAttribute> | undefined;
  for (const line of text.split('\n')) {
    const heading = /^## `(.+)`$/.exec(line);
    if (heading) {
      current = new Map();
      blocks.set(heading[1], current);
    }
    const row = /^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \| (yes|no) \|$/.exec(line);
    if (row && current) current.set(row[1], { type: row[2].trim(), required: row[3].trim() as SchemaAttribute['required'], sensitive: row[4] === 'yes' });
  }
  return blocks;
}

/** Terraform meta-arguments and cdktf metadata, which are not the resource's schema. */
const META = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each']);

/**
 * What is wrong with one synthesized block against its schema table: attributes the table does
 * not list (or lists as computed), and required attributes left out, at every level of nesting.
 */
function schemaProblems(block: string, attributes: Record<string, unknown>, table: ReadonlyMap<string, SchemaAttribute>): string[] {
  const problems: string[] = [];
  const visitObject = (object: Record<string, unknown>, parent: string) => {
    for (const [path, attribute] of table) {
      const lastDot = path.lastIndexOf('.');
      const isChild = lastDot === -1 ? parent === '' : path.slice(0, lastDot) === parent;
      const required = attribute.required === 'required' || (attribute.required === 'required with its parent' && parent !== '');
      if (isChild && required && !(path.slice(lastDot + 1) in object)) problems.push(`${block}: ${path} is required but not set`);
    }
    for (const [key, value] of Object.entries(object)) {
      if (parent === '' && META.has(key)) continue;
      const path = parent === '' ? key : `${parent}.${key}`;
      const attribute = table.get(path);
      if (!attribute) problems.push(`${block}: ${path} is not an attribute of SCHEMA.md's table`);
      else if (attribute.required === 'computed') problems.push(`${block}: ${path} is computed (read-only) and must not be written`);
      else visitValue(value, path, attribute);
    }
  };
  const visitValue = (value: unknown, path: string, attribute: SchemaAttribute) => {
    const nested = attribute.type === 'object' ? [value] : attribute.type.startsWith('object ') ? (Array.isArray(value) ? value : [undefined]) : [];
    for (const item of nested) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) problems.push(`${block}: ${path} must be ${attribute.type === 'object' ? 'an object' : 'a list of objects'} (${attribute.type})`);
      else visitObject(item as Record<string, unknown>, path);
    }
  };
  visitObject(attributes, '');
  return problems;
}

let platform: SynthesizedPlatform;
const note = schemaNote();

beforeAll(() => {
  platform = synthPlatform({ env: 'dev' });
});

/** Every Airbyte provider block and resource of every stack, with the table it is held to. */
function airbyteBlocks(): { label: string; block: string; attributes: Record<string, unknown> }[] {
  return Object.keys(PLATFORM_STACKS).flatMap((id) => {
    const { json } = platform.stack(id);
    const providers = ((json.provider.airbyte ?? []) as Record<string, unknown>[]).map((attributes) => ({ label: `${id} provider`, block: 'provider "airbyte"', attributes }));
    const resources = Object.entries(json.resource)
      .filter(([type]) => type.startsWith('airbyte_'))
      .flatMap(([type, byName]) => Object.entries(byName).map(([name, attributes]) => ({ label: `${id} ${type}.${name}`, block: type, attributes })));
    return [...providers, ...resources];
  });
}

describe('Airbyte bindings against providers/airbyte/SCHEMA.md', () => {
  it('has a table for the provider and every bound resource, written for the pinned provider version', () => {
    expect([...note.keys()].sort()).toEqual(['airbyte_connection', 'airbyte_destination', 'airbyte_source', 'airbyte_workspace', 'provider "airbyte"']);
    expect(AIRBYTE_PROVIDER_VERSION).toBe('1.2.0');
    expect(readFileSync(join(__dirname, '..', '..', 'providers', 'airbyte', 'SCHEMA.md'), 'utf8')).toContain(`**airbytehq/airbyte ${AIRBYTE_PROVIDER_VERSION}**`);
  });

  it('covers every Airbyte block the platform synthesizes', () => {
    const blocks = airbyteBlocks();
    expect([...new Set(blocks.map((entry) => entry.block))].sort()).toEqual([...note.keys()].sort());
    expect(blocks.length).toBeGreaterThan(10);
  });

  it('writes only attributes the schema lists, at the nesting it lists them, and every required one', () => {
    const problems = airbyteBlocks().flatMap((entry) => schemaProblems(entry.label, entry.attributes, note.get(entry.block)!));
    expect(problems).toEqual([]);
  });

  it('marks as sensitive in the schema every attribute that carries a credential', () => {
    for (const path of ['client_id', 'client_secret', 'token_url']) expect(note.get('provider "airbyte"')!.get(path)!.sensitive).toBe(true);
    for (const block of ['airbyte_source', 'airbyte_destination']) expect(note.get(block)!.get('configuration')).toEqual({ type: 'string', required: 'required', sensitive: true });
  });

  it('is not vacuous: an unknown attribute, a computed one, a wrong nesting and a missing required attribute are reported', () => {
    const table = note.get('airbyte_connection')!;
    expect(
      schemaProblems('test', { source_id: 's', connection_id: 'c', bogus: 1, schedule: { cron_expression: 'x' }, configurations: { streams: [{ sync_mode: 'x' }] }, tags: 'x' }, table).sort(),
    ).toEqual(
      [
        'test: bogus is not an attribute of SCHEMA.md\'s table',
        'test: configurations.streams.name is required but not set',
        'test: connection_id is computed (read-only) and must not be written',
        'test: destination_id is required but not set',
        'test: schedule.schedule_type is required but not set',
        'test: tags must be a list of objects (object list)',
      ].sort(),
    );
  });
});
