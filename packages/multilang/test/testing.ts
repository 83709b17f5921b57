// @twinstorm/multilang/testing: the fake-Storm harness and the test children, for other packages' tests and the
// adapter benchmarks (a fake ShellBolt/ShellSpout driving a multilang child, Storm's official adapters from Maven).
export * from './harness/index.ts';
export { FIXTURES, rawChild, stormJsChild, stormPyChild, twinstormComponent, type ChildCommand } from './support/children.ts';
export { fixtureSpec, fixtureTopology, startComponent, type ComponentOptions } from './support/runner.ts';
export {
  OFFICIAL_ADAPTER_VERSION,
  officialAdapterFile,
  resolveOfficialAdapter,
  type OfficialAdapterLang,
} from './support/official-adapters.ts';
