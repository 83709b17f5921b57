// twinstorm/testing: running the `twinstorm` bin as a subprocess, for the end-to-end tests under test/ at the root.
export {
  BIN,
  REPO_ROOT,
  describeResult,
  runTwinstorm,
  runTwinstormJson,
  startTwinstorm,
  stopAllTwinstorms,
  type BackgroundCli,
  type CliResult,
} from './support/cli-process.ts';
