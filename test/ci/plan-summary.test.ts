import { PLAN_COMMENT_MARKER, planComment, planVerdict } from '../../scripts/lib/plan-summary';

const changes = 'storage  \u001b[1mPlan:\u001b[0m 2 to add, 1 to change, 0 to destroy.\n';
const destroys = 'network  Plan: 0 to add, 0 to change, 3 to destroy.\n';
const none = 'secrets  No changes. Your infrastructure matches the configuration.\n';

describe('the plan comment of a pull request', () => {
  it('counts each stack\'s changes and makes destroys stand out', () => {
    expect(planVerdict({ stack: 'storage', output: changes, exitCode: 0 })).toBe('2 to add, 1 to change, 0 to destroy');
    expect(planVerdict({ stack: 'network', output: destroys, exitCode: 0 })).toBe('0 to add, 0 to change, **3 to destroy**');
    expect(planVerdict({ stack: 'secrets', output: none, exitCode: 0 })).toBe('no changes');
    expect(planVerdict({ stack: 'eks', output: 'Error: Invalid credentials', exitCode: 1 })).toBe('**failed** (exit 1)');
  });

  it('starts with the marker the workflow finds it by, one row per stack in the order given, and folds only plans worth reading', () => {
    const body = planComment('prod', 'abc123', [
      { stack: 'network', output: none, exitCode: 0 },
      { stack: 'storage', output: changes, exitCode: 0 },
    ]);
    expect(body.startsWith(`${PLAN_COMMENT_MARKER}\n### Plan of \`prod\` at abc123`)).toBe(true);
    expect(body).toContain('| network | no changes |\n| storage | 2 to add, 1 to change, 0 to destroy |');
    expect(body).toContain('<details><summary>storage</summary>');
    expect(body).not.toContain('<details><summary>network</summary>');
    expect(body).not.toContain('\u001b[');
  });

  it('stays under GitHub\'s comment limit however long the plans are', () => {
    const long = `${'x'.repeat(2000)}\n`.repeat(100) + changes;
    const body = planComment('prod', 'abc123', Array.from({ length: 60 }, (_, i) => ({ stack: `stack-${i}`, output: long, exitCode: 0 })));
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('| stack-59 | 2 to add, 1 to change, 0 to destroy |');
    expect(body).toContain('(further plans left out: the comment would be too long)');
  });
});
