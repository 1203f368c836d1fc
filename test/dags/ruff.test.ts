import { PositionEncoding, Workspace, type Diagnostic } from '@astral-sh/ruff-wasm-nodejs';
import { dagFiles, readRepoFile } from './support';

// Ruff's Airflow rules (AIR, preview included: the Airflow 3 migration rules AIR301-AIR312 and
// the Variable-outside-a-task rule) catch names Airflow 3 removed or moved to providers, plus
// pyflakes (F) for names that would fail the import. Ruff runs offline, as WebAssembly in this
// process (@astral-sh/ruff-wasm-nodejs, pinned in package.json).
const ruff = new Workspace({ 'target-version': 'py312', lint: { select: ['AIR', 'F'], preview: true } }, PositionEncoding.Utf16);

function findings(source: string): string[] {
  return (ruff.check(source) as Diagnostic[]).map((diagnostic) => `${diagnostic.start_location.row}: ${diagnostic.code} ${diagnostic.message}`);
}

describe('ruff (Airflow rules) over the DAGs', () => {
  it.each(dagFiles())('%s is clean', (file) => {
    expect(findings(readRepoFile(file))).toEqual([]);
  });

  it('flags an Airflow 2 DAG: removed arguments, names moved to providers, Variable.get outside a task', () => {
    const airflow2 = [
      'from datetime import datetime',
      'from airflow import DAG',
      'from airflow.models import Variable',
      'from airflow.operators.bash import BashOperator',
      'BUCKET = Variable.get("bucket")',
      'with DAG(dag_id="old", schedule_interval="@daily", start_date=datetime(2024, 1, 1)):',
      '    BashOperator(task_id="hello", bash_command="echo " + BUCKET)',
      '',
    ].join('\n');
    const messages = findings(airflow2).join('\n');
    expect(messages).toContain('`schedule_interval` is removed in Airflow 3.0');
    expect(messages).toMatch(/`airflow\.operators\.bash\.BashOperator` .*moved into `standard` provider in Airflow 3\.0/);
    expect(messages).toContain('`Variable.get()` outside of a task');
  });
});
