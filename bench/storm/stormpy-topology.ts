// Topology module of the storm-stormpy scenario: spout, split and count written for Storm's storm.py (run
// prepareMultilangResources('python') first). `twinstorm run` / `twinstorm package` load its default export.
import { buildOfficialAdapterWordCount } from './multilang-topology.ts';

/** The storm.py word count (building it has no side effects, as a topology module must). */
export default buildOfficialAdapterWordCount('python');
