/**
 * Prints one closing line in the plain form CI systems read ("jest: N passed, N failed, N skipped"),
 * so a run that executed no test can never pass for a green one, and before it every skipped
 * test by name: suites that cannot run here (no provider mirror, no terraform) skip with a
 * test named after what was not checked, so the summary says so however long the run was.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.testResults.flatMap((file) => file.testResults.filter((test) => test.status === 'pending' || test.status === 'todo').map((test) => test.fullName));
    if (skipped.length > 0) process.stdout.write(`Not checked in this run:\n${skipped.map((name) => `  - ${name}`).join('\n')}\n`);
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped.length} skipped\n`);
  }
}

module.exports = SummaryReporter;
