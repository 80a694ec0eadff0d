// Prints one closing line, `wtr: N passed, N failed, N skipped`, after web-test-runner's own output.
// A test file that fails to load counts as one failure, so a broken file can never look green.

function countTests(suite, counts) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites ?? []) countTests(child, counts);
}

export function summaryReporter() {
  let sessionsSeen = [];
  return {
    onTestRunFinished({ sessions }) {
      sessionsSeen = sessions;
    },
    stop() {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessionsSeen) {
        if (session.testResults) countTests(session.testResults, counts);
        const loadFailed = !session.passed && (session.errors?.length ?? 0) > 0;
        if (loadFailed) counts.failed += 1;
      }
      if (counts.passed + counts.failed + counts.skipped === 0) {
        counts.failed += 1;
        process.exitCode = 1;
        console.error('wtr: no browser test ran');
      }
      setImmediate(() => {
        console.log(
          `wtr: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
        );
      });
    },
  };
}
