// Topology module of the storm-stormjs scenario: spout, split and count written for Storm's storm.js (run
// prepareMultilangResources('javascript') first). `twinstorm run` / `twinstorm package` load its default export.
import { buildOfficialAdapterWordCount } from './multilang-topology.ts';

/** The storm.js word count (building it has no side effects, as a topology module must). */
export default buildOfficialAdapterWordCount('javascript');
