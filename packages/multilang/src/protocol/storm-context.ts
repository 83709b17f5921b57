/**
 * The handshake Storm 2.8 sends a multilang child as its first message, built from a TopologySpec.
 *
 * Sources (storm-client 2.8.4):
 * - `multilang/JsonSerializer.connect` writes `{"pidDir", "conf", "context"}` (a JSONObject, i.e. a HashMap);
 *   `context` is the TopologyContext, written by its `toJSONString()`.
 * - `task/TopologyContext.toJSONString` has exactly eight keys: `task->component` (every task of the topology,
 *   `__acker` included: `Map<Integer,String>`, so the keys become decimal strings), `taskid`, `componentid`,
 *   `streams` (this component's declared streams), `stream->outputfields`, `stream->target->grouping`
 *   (stream -> subscribing component -> grouping), `source->stream->grouping` (source component -> stream ->
 *   grouping) and `source->stream->fields` (for each source component, ALL its declared streams -> fields).
 * - A grouping is `{"type": <Thrift union field name, upper case>, "fields"?: [...]}`: `FIELDS` (with `fields`),
 *   `SHUFFLE`, `ALL`, `NONE`, `DIRECT`, `LOCAL_OR_SHUFFLE`, `CUSTOM_OBJECT`, `CUSTOM_SERIALIZED`. Global grouping
 *   has no type of its own: TopologyBuilder declares it as `FIELDS` with an empty field list.
 * - The context given to a ShellBolt/ShellSpout is the task's *user* context (`Task.getUserContext`): streams,
 *   sources and targets are those of the user topology; Storm's system streams (`__ack_*`, `__metrics`,
 *   `__system`, `__tick`) never appear there, while `task->component` covers the system topology's tasks.
 * - `conf` is the executor's conf (`Executor.normalizedComponentConf`): the worker's topology conf (defaults.yaml,
 *   storm.yaml, the submitted conf) with the component's own conf over it, from which every Storm `Config` key
 *   except a short whitelist was removed. Spouts also get `topology.tick.tuple.freq.secs` = the message timeout
 *   (StormCommon.addAcker sets it in every spout's component conf, for the spout's own timeout ticks).
 *
 * What we cannot reproduce: the real `conf` holds every key of defaults.yaml and the cluster's storm.yaml (hundreds);
 * we include the Storm defaults a multilang child could reasonably read (STORM_DEFAULT_CONF), the topology's conf,
 * `topology.name` and `storm.id`. Metrics-consumer and event-logger tasks (off by default) are not numbered.
 */
import { type ComponentSpec, type GroupingSpec, type TopologySpec } from '@twinstorm/core';
import { ACKER_COMPONENT, assignTaskIds } from '@twinstorm/core/runtime';
import { javaHashMapObject } from './java-map-order.ts';

/** Thrift `Grouping` union field names, as `grouping.getSetField().toString()` prints them. */
export type StormGroupingType =
  'FIELDS' | 'SHUFFLE' | 'ALL' | 'NONE' | 'DIRECT' | 'LOCAL_OR_SHUFFLE' | 'CUSTOM_OBJECT' | 'CUSTOM_SERIALIZED';

/** One grouping as Storm's context JSON carries it; `fields` only for `FIELDS` (empty list = global grouping). */
export interface StormGroupingJson {
  readonly type: StormGroupingType;
  readonly fields?: readonly string[];
}

/** The `context` of Storm's handshake: TopologyContext.toJSONString, key for key. */
export interface StormContextJson {
  readonly 'task->component': Readonly<Record<string, string>>;
  readonly taskid: number;
  readonly componentid: string;
  readonly streams: readonly string[];
  readonly 'stream->outputfields': Readonly<Record<string, readonly string[]>>;
  readonly 'stream->target->grouping': Readonly<Record<string, Readonly<Record<string, StormGroupingJson>>>>;
  readonly 'source->stream->grouping': Readonly<Record<string, Readonly<Record<string, StormGroupingJson>>>>;
  readonly 'source->stream->fields': Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** Storm's first message to a multilang child: where to drop the pid file, the conf and the task's context. */
export interface StormHandshake {
  readonly pidDir: string;
  readonly conf: Readonly<Record<string, unknown>>;
  readonly context: StormContextJson;
}

/** Storm's defaults (defaults.yaml, 2.8.4) for the keys a multilang child may read; the real conf has them all. */
export const STORM_DEFAULT_CONF: Readonly<Record<string, unknown>> = Object.freeze({
  'topology.debug': false,
  'topology.workers': 1,
  'topology.acker.executors': null,
  'topology.eventlogger.executors': 0,
  'topology.tasks': null,
  'topology.message.timeout.secs': 30,
  'topology.enable.message.timeouts': true,
  'topology.max.spout.pending': null,
  'topology.max.task.parallelism': null,
  'topology.tick.tuple.freq.secs': null,
  'topology.multilang.serializer': 'org.apache.storm.multilang.JsonSerializer',
  'topology.shellbolt.max.pending': 100,
  'supervisor.worker.timeout.secs': 30,
});

/** Storm keys a component's own conf may still set on the executor (the whitelist of normalizedComponentConf). */
const COMPONENT_CONF_WHITELIST = new Set([
  'topology.debug',
  'topology.max.spout.pending',
  'topology.max.task.parallelism',
  'topology.transactional.id',
  'topology.tick.tuple.freq.secs',
  'topology.sleep.spout.wait.strategy.time.ms',
  'topology.spout.wait.strategy',
  'topology.bolts.window.length.count',
  'topology.bolts.window.length.duration.ms',
  'topology.bolts.sliding.interval.count',
  'topology.bolts.sliding.interval.duration.ms',
  'topology.bolts.tuple.timestamp.max.lag.ms',
  'topology.bolts.message.id.field.name',
  'topology.state.provider',
  'topology.state.provider.config',
  'topology.bolts.late.tuple.stream',
]);

/** Maps our grouping to Storm's context JSON shape (global becomes FIELDS with no fields, as TopologyBuilder does). */
export function groupingToStormJson(grouping: GroupingSpec): StormGroupingJson {
  switch (grouping.type) {
    case 'fields':
      return { type: 'FIELDS', fields: [...grouping.fields] };
    case 'global':
      return { type: 'FIELDS', fields: [] };
    case 'shuffle':
      return { type: 'SHUFFLE' };
    case 'localOrShuffle':
      return { type: 'LOCAL_OR_SHUFFLE' };
    case 'all':
      return { type: 'ALL' };
    case 'none':
      return { type: 'NONE' };
    case 'direct':
      return { type: 'DIRECT' };
  }
}

/** The inverse, for the child side: Storm's grouping JSON to ours; custom groupings have no equivalent (null). */
export function groupingFromStormJson(grouping: StormGroupingJson): GroupingSpec | null {
  switch (grouping.type) {
    case 'FIELDS':
      return grouping.fields === undefined || grouping.fields.length === 0
        ? { type: 'global' }
        : { type: 'fields', fields: [...grouping.fields] };
    case 'SHUFFLE':
      return { type: 'shuffle' };
    case 'LOCAL_OR_SHUFFLE':
      return { type: 'localOrShuffle' };
    case 'ALL':
      return { type: 'all' };
    case 'NONE':
      return { type: 'none' };
    case 'DIRECT':
      return { type: 'direct' };
    case 'CUSTOM_OBJECT':
    case 'CUSTOM_SERIALIZED':
      return null;
  }
}

/** The component a Storm task id belongs to (the spec's numbering, `__acker` included), or undefined. */
export function componentOfTask(spec: TopologySpec, taskId: number): string | undefined {
  for (const [component, tasks] of assignTaskIds(spec)) if (tasks.includes(taskId)) return component;
  return undefined;
}

/** Builds `context` for one task exactly as Storm's TopologyContext.toJSONString would (key order included). */
export function buildStormContext(spec: TopologySpec, taskId: number): StormContextJson {
  const tasks = assignTaskIds(spec);
  const componentId = componentOfTask(spec, taskId);
  const self = spec.components.find((c) => c.id === componentId);
  if (componentId === undefined || self === undefined) {
    const known = [...tasks].filter(([id]) => id !== ACKER_COMPONENT).map(([id, ts]) => `${id}: ${ts.join(',')}`);
    throw new RangeError(`task ${taskId} is not a task of a user component of topology "${spec.name}" (${known.join('; ')})`);
  }
  const byId = new Map(spec.components.map((c) => [c.id, c]));

  const taskToComponent: Array<[string, string]> = [];
  for (const [component, ids] of tasks) for (const id of ids) taskToComponent.push([String(id), component]);
  taskToComponent.sort((a, b) => Number(a[0]) - Number(b[0]));

  const streams = Object.keys(self.streams);
  const outputFields = javaHashMapObject(streams.map((s) => [s, [...(self.streams[s]?.fields ?? [])]] as const));

  // stream -> subscriber -> grouping, over every component's inputs (GeneralTopologyContext.getTargets).
  const targets = new Map<string, Array<[string, StormGroupingJson]>>();
  for (const other of spec.components) {
    for (const input of other.inputs) {
      if (input.component !== componentId) continue;
      const list = targets.get(input.stream) ?? [];
      list.push([other.id, groupingToStormJson(input.grouping)]);
      targets.set(input.stream, list);
    }
  }

  // source -> stream -> grouping, and source -> (every stream of the source) -> fields.
  const sources = new Map<string, Array<[string, StormGroupingJson]>>();
  const sourceFields = new Map<string, Array<[string, string[]]>>();
  for (const input of self.inputs) {
    const list = sources.get(input.component) ?? [];
    list.push([input.stream, groupingToStormJson(input.grouping)]);
    sources.set(input.component, list);
    const source: ComponentSpec | undefined = byId.get(input.component);
    if (source !== undefined && !sourceFields.has(input.component)) {
      sourceFields.set(
        input.component,
        Object.entries(source.streams).map(([s, d]) => [s, [...d.fields]]),
      );
    }
  }

  const nested = <V>(m: Map<string, Array<[string, V]>>): Record<string, Record<string, V>> =>
    javaHashMapObject([...m].map(([k, inner]) => [k, javaHashMapObject(inner)] as const));

  const fields: Array<[keyof StormContextJson, unknown]> = [
    ['task->component', Object.fromEntries(taskToComponent)],
    ['taskid', taskId],
    ['componentid', componentId],
    ['streams', javaHashMapOrderedList(streams)],
    ['stream->outputfields', outputFields],
    ['stream->target->grouping', nested(targets)],
    ['source->stream->grouping', nested(sources)],
    ['source->stream->fields', nested(sourceFields)],
  ];
  return javaHashMapObject(fields) as unknown as StormContextJson;
}

/** `getThisStreams()` is a HashMap key set turned into a list: HashMap order. */
function javaHashMapOrderedList(keys: readonly string[]): string[] {
  return Object.keys(javaHashMapObject(keys.map((k) => [k, true] as const)));
}

/** Options of the handshake: where the pid file goes, the storm id, extra conf (e.g. a cluster's storm.yaml). */
export interface StormHandshakeOptions {
  readonly pidDir: string;
  /** Storm's topology id (`name-counter-timestamp`); defaults to `<name>-1-0`. */
  readonly stormId?: string;
  /** Keys merged over the defaults and under the topology's conf, as a cluster's storm.yaml would be. */
  readonly clusterConf?: Readonly<Record<string, unknown>>;
}

/** The conf Storm hands a task's executor (see the file comment for what is approximated). */
export function buildStormConf(
  spec: TopologySpec,
  taskId: number,
  options: Omit<StormHandshakeOptions, 'pidDir'> = {},
): Record<string, unknown> {
  const componentId = componentOfTask(spec, taskId);
  const self = spec.components.find((c) => c.id === componentId);
  if (self === undefined) throw new RangeError(`task ${taskId} is not a task of a user component of topology "${spec.name}"`);
  const conf: Record<string, unknown> = {
    ...STORM_DEFAULT_CONF,
    ...(options.clusterConf ?? {}),
    ...stripUndefined(spec.conf),
    'topology.name': spec.name,
    'storm.id': options.stormId ?? `${spec.name}-1-0`,
  };
  if (self.kind === 'spout') conf['topology.tick.tuple.freq.secs'] = conf['topology.message.timeout.secs'];
  for (const [key, value] of Object.entries(stripUndefined(self.conf))) {
    const stormKey = key.startsWith('topology.') || key.startsWith('storm.');
    if (!stormKey || COMPONENT_CONF_WHITELIST.has(key)) conf[key] = value;
  }
  return javaHashMapObject(Object.entries(conf));
}

/** The whole first message Storm writes to the child of task `taskId`. */
export function buildStormHandshake(spec: TopologySpec, taskId: number, options: StormHandshakeOptions): StormHandshake {
  const hs: Array<[string, unknown]> = [
    ['pidDir', options.pidDir],
    ['conf', buildStormConf(spec, taskId, options)],
    ['context', buildStormContext(spec, taskId)],
  ];
  return javaHashMapObject(hs) as unknown as StormHandshake;
}

function stripUndefined(conf: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(conf).filter(([, v]) => v !== undefined));
}
