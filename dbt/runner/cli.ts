/**
 * `npm run pipeline:local -- --input <dir> --output <dir> [--warehouse <file>] [--full-refresh]`:
 * runs the dbt project on DuckDB over customers.csv and projects.csv and writes the
 * silver, gold and mart models. With --warehouse each run is the next batch on the same
 * database file, incremental as in production.
 * Exit codes: 0 all tests passed, 1 a test failed, 2 bad arguments, input, warehouse or project.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runPipeline } from './pipeline';

const USAGE =
  'usage: npm run pipeline:local -- --input <folder with customers.csv and projects.csv> --output <folder for the model CSVs>\n' +
  '   or: npm run pipeline:local -- --input <folder> --warehouse <DuckDB file kept between runs> [--output <folder>] [--full-refresh]';

async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        input: { type: 'string' },
        output: { type: 'string' },
        warehouse: { type: 'string' },
        'full-refresh': { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.input === undefined || (values.output === undefined && values.warehouse === undefined)) {
    console.error(`both --input and --output are required (--output is optional with --warehouse, which keeps the models)\n${USAGE}`);
    return 2;
  }
  if (!existsSync(values.input) || !statSync(values.input).isDirectory()) {
    console.error(`--input ${values.input}: no such folder; give the folder that holds customers.csv and projects.csv`);
    return 2;
  }
  try {
    const result = await runPipeline({
      inputDir: values.input,
      outputDir: values.output,
      warehouse: values.warehouse,
      fullRefresh: values['full-refresh'],
      onProgress: console.log,
    });
    if (result.failedTests.length > 0) {
      console.error(
        `${result.failedTests.length} of ${result.testsRun} tests failed: ${result.failedTests.join(', ')}` +
          (values.output === undefined
            ? ` (the models are in ${values.warehouse} for inspection)`
            : ` (outputs were still written to ${values.output} for inspection)`),
      );
      return 1;
    }
    const { load, models, tests, outputs } = result.seconds;
    console.log(`done: ${result.models.length} models, ${result.testsRun} tests passed, ${result.outputFiles.length} files written`);
    console.log(`seconds: load ${load.toFixed(2)}, models ${models.toFixed(2)}, tests ${tests.toFixed(2)}, outputs ${outputs.toFixed(2)}`);
    return 0;
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
