import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
/** Every workflow of the repository, whoever wrote it. */
const FILES = readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file)).sort();

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly 'runs-on'?: string;
  readonly needs?: string;
  readonly steps?: Step[];
  readonly environment?: string;
  readonly permissions?: Record<string, string>;
  readonly if?: string;
  readonly env?: Record<string, string>;
}
interface StepWithCondition extends Step {
  readonly if?: string;
}

/** Jobs that reach the platform's private endpoints run on the VPC runner and stop first, saying so, when none is configured. */
const VPC_RUNNER = "${{ vars.PLATFORM_RUNNER || 'ubuntu-24.04' }}";
const requiresVpcRunner = (job: Job) => {
  expect(job['runs-on']).toBe(VPC_RUNNER);
  const [check] = (job.steps ?? []) as StepWithCondition[];
  expect(check.if).toBe("vars.PLATFORM_RUNNER == ''");
  expect(check.run).toContain('::error::Set the repository variable PLATFORM_RUNNER');
  expect(check.run).toContain('exit 1');
};
const workflow = (file: string) => parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job>; env?: Record<string, string> };

const yamllintMissing = spawnSync('yamllint', ['--version'], { stdio: 'ignore' }).error !== undefined;
if (yamllintMissing && process.env.PLATFORM_REQUIRE_TOOLS === '1') throw new Error('yamllint is required here (PLATFORM_REQUIRE_TOOLS=1) but not installed; install it with: apt-get install yamllint');

describe.each(FILES)('workflow %s', (file) => {
  const text = readFileSync(join(WORKFLOWS, file), 'utf8');

  it('is a valid GitHub Actions workflow (action-validator, offline)', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('pins every action by a full commit SHA and names its release', () => {
    const uses = text.split('\n').filter((line) => /^\s*(-\s+)?uses:/.test(line));
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} {2}# v\d+\.\d+\.\d+$/);
  });

  (yamllintMissing ? it.skip : it)(yamllintMissing ? 'yamllint: not linted, yamllint is not installed (apt-get install yamllint)' : 'passes yamllint with the repository config', () => {
    expect(() => execFileSync('yamllint', ['--strict', '-c', join(ROOT, '.yamllint.yaml'), join(WORKFLOWS, file)], { encoding: 'utf8' })).not.toThrow();
  });
});

describe('the pull-request diff', () => {
  const diff = workflow('platform.yml').jobs.diff;

  it('runs on pull requests only, once a reviewer approves the pr-plan environment, with an OIDC role and the Snowflake key of that environment', () => {
    expect(diff.if).toBe("github.event_name == 'pull_request'");
    expect(diff.environment).toBe('pr-plan');
    expect(diff.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'pull-requests': 'write' });
    expect(diff.env?.SNOWFLAKE_PRIVATE_KEY).toBe('${{ secrets.SNOWFLAKE_PRIVATE_KEY }}');
    expect(diff.steps?.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'))?.with?.['role-to-assume']).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
    expect(JSON.stringify(diff)).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/);
  });

  it('runs on the runner inside the VPC, and stops first with the fix when none is configured', () => {
    requiresVpcRunner(diff);
  });

  it('plans every stack and updates the one comment it finds by its marker, rather than adding one per push', () => {
    expect(diff.steps?.some((step) => step.run === 'scripts/plan-each-stack.sh plans')).toBe(true);
    const script = String(diff.steps?.find((step) => step.uses?.startsWith('actions/github-script@'))?.with?.script);
    expect(script).toContain('updateComment');
    expect(script).toContain("c.body.startsWith(marker)");
  });
});

describe('the deploy', () => {
  const deploy = workflow('deploy.yml');

  it('runs from main only, after the plan job, in the production environment whose reviewers approve it', () => {
    expect(Object.keys(deploy.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(deploy.on.push).toEqual({ branches: ['main'] });
    expect(deploy.jobs.deploy.environment).toBe('production');
    expect(deploy.jobs.deploy.needs).toBe('plan');
    expect(deploy.env?.PLATFORM_ENV).toBe('prod');
  });

  it('plans merged code in the main-plan environment and deploys in production, each with that environment\'s Snowflake key, on the runner inside the VPC', () => {
    expect(deploy.jobs.plan.environment).toBe('main-plan');
    requiresVpcRunner(deploy.jobs.plan);
    expect(deploy.jobs.deploy['runs-on']).toBe(VPC_RUNNER);
    for (const job of [deploy.jobs.plan, deploy.jobs.deploy]) expect(job.env?.SNOWFLAKE_PRIVATE_KEY).toBe('${{ secrets.SNOWFLAKE_PRIVATE_KEY }}');
    // Workflow-level env would hand the key to jobs outside those environments.
    expect(deploy.env?.SNOWFLAKE_PRIVATE_KEY).toBeUndefined();
  });
});
