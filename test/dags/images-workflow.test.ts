import { validateWorkflow } from '@action-validator/core';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { missingTool, readRepoFile, REPO_ROOT, withTool } from './support';

const WORKFLOW = '.github/workflows/images.yml';
const source = readRepoFile(WORKFLOW);
const workflow = parse(source) as any;
const job = workflow.jobs.image;
const steps = job.steps as any[];
const runScripts = steps.filter((step) => typeof step.run === 'string').map((step) => step.run as string);

/** Every file of the repository outside node_modules and .git, relative to its root. */
function repositoryFiles(dir = REPO_ROOT): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === '.git') return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? repositoryFiles(path) : [relative(REPO_ROOT, path)];
  });
}

describe(WORKFLOW, () => {
  it('is a valid GitHub Actions workflow (action-validator, offline, against the published workflow schema)', () => {
    // It cannot check path globs (it says so on console.warn); the next test does.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const result = validateWorkflow(source);
    warn.mockRestore();
    expect(result.errors).toEqual([]);
  });

  withTool(missingTool('yamllint'), 'apt-get install yamllint', `yamllint of ${WORKFLOW}`, () => {
    it('passes yamllint (strict, default rules, lines up to 130 characters)', () => {
      const lint = spawnSync('yamllint', ['--strict', '-d', '{extends: default, rules: {line-length: {max: 130}}}', WORKFLOW], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      });
      expect(lint.stdout + lint.stderr).toBe('');
      expect(lint.status).toBe(0);
    });
  });

  it('runs on pushes to main that touch dbt/ or dags/, and every path filter matches a file', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    const paths = workflow.on.push.paths as string[];
    expect(paths).toEqual(expect.arrayContaining(['dbt/**', 'dags/**']));
    const files = repositoryFiles();
    for (const glob of paths) {
      const prefix = glob.replace(/\*\*$/, '');
      expect(files.some((file) => (glob.endsWith('**') ? file.startsWith(prefix) : file === glob))).toBe(true);
    }
  });

  it('pins every action by full commit SHA, with the release it is in a comment', () => {
    const uses = source.split('\n').filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} {2}# v\d+\.\d+\.\d+$/);
  });

  it('builds both images, from the folders that have their Dockerfiles', () => {
    const contexts = (job.strategy.matrix.include as { context: string }[]).map((entry) => entry.context).sort();
    expect(contexts).toEqual(['dags', 'dbt']);
    for (const context of contexts) expect(existsSync(join(REPO_ROOT, context, 'Dockerfile'))).toBe(true);
  });

  it('gets AWS credentials through an OIDC role, never keys', () => {
    expect(job.permissions['id-token']).toBe('write');
    const credentials = steps.find((step) => String(step.uses).startsWith('aws-actions/configure-aws-credentials@'));
    expect(Object.keys(credentials.with).sort()).toEqual(['aws-region', 'role-to-assume']);
    expect(source).not.toMatch(/secrets\.AWS_|aws-access-key-id|aws-secret-access-key/);
  });

  it('pushes to ECR tagged with the commit SHA and records the digest it pushed', () => {
    const build = steps.find((step) => String(step.uses).startsWith('docker/build-push-action@'));
    expect(build.with.push).toBe(true);
    expect(build.with.tags).toBe('${{ steps.ecr.outputs.registry }}/${{ env.REPOSITORY }}:${{ env.TAG }}');
    expect(job.env.TAG).toBe('${{ github.sha }}');
    const record = steps.find((step) => step.name === 'Record the digest');
    expect(record.env.DIGEST).toBe('${{ steps.build.outputs.digest || steps.existing.outputs.digest }}');
    expect(record.run).toContain('$REGISTRY/$REPOSITORY@$DIGEST');
    expect(record.run).toContain('GITHUB_STEP_SUMMARY');
    const upload = steps.find((step) => String(step.uses).startsWith('actions/upload-artifact@'));
    expect(upload.with.path).toBe('image-digests/${{ matrix.image }}.json');
  });

  it('passes workflow values to scripts through the environment, never by expanding ${{ }} inside a script', () => {
    expect(runScripts.length).toBeGreaterThan(0);
    for (const script of runScripts) expect(script).not.toContain('${{');
  });

  withTool(missingTool('shellcheck'), 'apt-get install shellcheck', 'shellcheck of the workflow scripts', () => {
    it('has scripts that pass shellcheck (bash, as GitHub runs them)', () => {
      for (const [index, script] of runScripts.entries()) {
        const file = join(tmpdir(), `images-step-${index}.sh`);
        writeFileSync(file, script);
        const check = spawnSync('shellcheck', ['--shell=bash', file], { encoding: 'utf8' });
        expect(check.stdout).toBe('');
      }
    });
  });
});
