// Fields grouping must pick the task Storm picks: these expectations come from a real JVM running Storm's own classes.
import { describe, expect, it } from 'vitest';
import { fieldsGroupingIndex, fieldsGroupingIndexAt, javaHashCode, listHashCode } from './hash.ts';

/*
 * How CASES was produced: JDK 17 with storm-client 2.8.4 (the newest 2.8.x that resolved from Maven Central when this
 * was written; 2.8.5..2.8.8 are tagged in git but did not resolve, and GrouperFactory, TupleUtils and JsonSerializer are
 * unchanged from 2.8.4 to 2.8.8), storm-shaded-deps 2.8.4 (json-smart 2.6.0) and slf4j-api 2.0.17 on the classpath:
 *
 *   mvn dependency:get -Dtransitive=false -Dartifact=org.apache.storm:storm-client:2.8.4
 *   mvn dependency:get -Dtransitive=false -Dartifact=org.apache.storm:storm-shaded-deps:2.8.4
 *   mvn dependency:get -Dtransitive=false -Dartifact=org.slf4j:slf4j-api:2.0.17
 *   R=~/.m2/repository; CP=$R/org/apache/storm/storm-client/2.8.4/storm-client-2.8.4.jar:$R/org/apache/storm/storm-shaded-deps/2.8.4/storm-shaded-deps-2.8.4.jar:$R/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar
 *   # cases.jsonl: the first column of CASES below, one JSON text per line
 *   javac -cp $CP StormHash.java && java -cp $CP:. StormHash < cases.jsonl
 *
 * Each line is parsed exactly as ShellBolt parses a multilang emit (JsonSerializer.readShellMsg), so the Java types
 * (last column) are the ones Storm really hashes, and the index is TupleUtils.chooseTaskIndex (checked against
 * Math.floorMod(Arrays.deepHashCode(...), n)):
 *
 *   import java.io.*; import java.nio.charset.StandardCharsets; import java.util.*;
 *   import org.apache.storm.multilang.JsonSerializer; import org.apache.storm.multilang.ShellMsg;
 *   import org.apache.storm.utils.TupleUtils;
 *   public class StormHash {
 *     static String types(Object o) {
 *       if (o == null) return "null";
 *       if (o instanceof List) { StringJoiner j = new StringJoiner(",", o.getClass().getSimpleName() + "[", "]");
 *         for (Object e : (List<?>) o) j.add(types(e)); return j.toString(); }
 *       if (o instanceof Map) { StringJoiner j = new StringJoiner(",", o.getClass().getSimpleName() + "{", "}");
 *         for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) j.add(e.getKey() + ":" + types(e.getValue())); return j.toString(); }
 *       return o.getClass().getSimpleName();
 *     }
 *     public static void main(String[] a) throws Exception {
 *       BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
 *       PrintStream out = new PrintStream(System.out, true, "UTF-8");
 *       for (String line; (line = in.readLine()) != null; ) {
 *         String msg = "{\"command\":\"emit\",\"tuple\":" + line + "}\nend\n";
 *         JsonSerializer s = new JsonSerializer();
 *         s.initialize(new ByteArrayOutputStream(), new ByteArrayInputStream(msg.getBytes(StandardCharsets.UTF_8)));
 *         ShellMsg m = s.readShellMsg();
 *         List<Object> t = m.getTuple();
 *         int h = Arrays.deepHashCode(t.toArray());
 *         StringJoiner mods = new StringJoiner(",");
 *         for (int n : new int[] {1, 2, 3, 7, 16}) {
 *           int i = TupleUtils.chooseTaskIndex(t, n);
 *           if (i != Math.floorMod(h, n)) throw new AssertionError(line);
 *           mods.add(Integer.toString(i));
 *         }
 *         out.println(line + "\t" + h + "\t" + mods + "\t" + types(t));
 *       }
 *     }
 *   }
 */

const NUM_TASKS = [1, 2, 3, 7, 16] as const;

/** [JSON.stringify(grouping values), Arrays.deepHashCode, chooseTaskIndex for NUM_TASKS, Java classes Storm parsed]. */
const CASES: readonly (readonly [string, number, readonly number[], string])[] = [
  ['["hello"]', 99162353, [0, 1, 2, 3, 1], 'String'],
  ['["user-1"]', -836031794, [0, 0, 1, 4, 14], 'String'],
  ['["the"]', 114832, [0, 0, 1, 4, 0], 'String'],
  ['["storm"]', 109771016, [0, 0, 2, 5, 8], 'String'],
  ['["a"]', 128, [0, 0, 2, 2, 0], 'String'],
  ['[""]', 31, [0, 1, 1, 3, 15], 'String'],
  ['["polygenelubricants"]', -2147483617, [0, 1, 2, 1, 15], 'String'],
  ['["Aa"]', 2143, [0, 1, 1, 1, 15], 'String'],
  ['["BB"]', 2143, [0, 1, 1, 1, 15], 'String'],
  ['["é"]', 264, [0, 0, 0, 5, 8], 'String'],
  ['["ß"]', 254, [0, 0, 2, 2, 14], 'String'],
  ['["café"]', 3045952, [0, 0, 1, 0, 0], 'String'],
  ['["Привет"]', 1177014983, [0, 1, 2, 4, 7], 'String'],
  ['["日本語"]', 25921974, [0, 0, 0, 1, 6], 'String'],
  ['["中文字符"]', 621941064, [0, 0, 0, 3, 8], 'String'],
  ['["😀"]', 1772930, [0, 0, 2, 5, 2], 'String'],
  ['["𝄞"]', 1772425, [0, 1, 1, 4, 9], 'String'],
  ['["a😀b"]', 57849725, [0, 1, 2, 3, 13], 'String'],
  ['["👨‍👩‍👧"]', 338679048, [0, 0, 0, 1, 8], 'String'],
  ['[0]', 31, [0, 1, 1, 3, 15], 'Integer'],
  ['[1]', 32, [0, 0, 2, 4, 0], 'Integer'],
  ['[-1]', 30, [0, 0, 0, 2, 14], 'Integer'],
  ['[42]', 73, [0, 1, 1, 3, 9], 'Integer'],
  ['[-42]', -11, [0, 1, 1, 3, 5], 'Integer'],
  ['[2147483647]', -2147483618, [0, 0, 1, 0, 14], 'Integer'],
  ['[-2147483648]', -2147483617, [0, 1, 2, 1, 15], 'Integer'],
  ['[2147483648]', -2147483617, [0, 1, 2, 1, 15], 'Long'],
  ['[-2147483649]', -2147483617, [0, 1, 2, 1, 15], 'Long'],
  ['[4294967295]', 30, [0, 0, 0, 2, 14], 'Long'],
  ['[4294967296]', 32, [0, 0, 2, 4, 0], 'Long'],
  ['[-4294967296]', 30, [0, 0, 0, 2, 14], 'Long'],
  ['[-4294967297]', 32, [0, 0, 2, 4, 0], 'Long'],
  ['[1234567890123]', 1912276467, [0, 1, 0, 3, 3], 'Long'],
  ['[-1234567890123]', 1912276468, [0, 0, 1, 4, 4], 'Long'],
  ['[9007199254740991]', -2097121, [0, 1, 2, 2, 15], 'Long'],
  ['[-9007199254740991]', -2097120, [0, 0, 0, 3, 0], 'Long'],
  ['[9007199254740992]', 2097183, [0, 1, 0, 4, 15], 'Long'],
  ['[1152921504606847000]', 268435511, [0, 1, 2, 1, 7], 'Long'],
  ['[-1152921504606847000]', 268435510, [0, 0, 1, 0, 6], 'Long'],
  ['[9223372036854775000]', -2147482810, [0, 0, 2, 3, 6], 'Long'],
  ['[-9223372036854775000]', -2147482809, [0, 1, 0, 4, 7], 'Long'],
  ['[9007199254740994]', 2097185, [0, 1, 2, 6, 1], 'Long'],
  ['[-9223372036854776000]', 2147483487, [0, 1, 0, 2, 15], 'BigInteger'],
  ['[9223372036854776000]', -2147483425, [0, 1, 2, 4, 15], 'BigInteger'],
  ['[-9223372036854778000]', 2147481487, [0, 1, 1, 4, 15], 'BigInteger'],
  ['[100000000000000000000]', 1882487383, [0, 1, 1, 0, 7], 'BigInteger'],
  ['[-100000000000000000000]', -1882487321, [0, 1, 1, 6, 7], 'BigInteger'],
  ['[123456789012345680000]', -1480861756, [0, 0, 2, 4, 4], 'BigInteger'],
  ['[0.5]', 1071644703, [0, 1, 0, 3, 15], 'Double'],
  ['[-3.75]', -1072824289, [0, 1, 2, 2, 15], 'Double'],
  ['[1e-7]', -1530496807, [0, 1, 2, 0, 9], 'Double'],
  ['[0.1]', -1507852254, [0, 0, 0, 1, 2], 'Double'],
  ['[3.14159]', -1340954698, [0, 0, 2, 1, 6], 'Double'],
  ['[-2.5e-8]', 619083993, [0, 1, 0, 3, 9], 'Double'],
  ['[1.5e+300]', 406958903, [0, 1, 2, 1, 7], 'Double'],
  ['[1e+21]', -1834355245, [0, 1, 2, 5, 3], 'Double'],
  ['[-1e+21]', 313128403, [0, 1, 1, 0, 3], 'Double'],
  ['[5e-324]', 32, [0, 0, 2, 4, 0], 'Double'],
  ['[0.8444218515250481]', -966690723, [0, 1, 0, 2, 13], 'Double'],
  ['[-0.8444218515250481]', -1003989688, [0, 0, 2, 5, 8], 'BigDecimal'],
  ['[0.30000000000000004]', 691387331, [0, 1, 2, 5, 3], 'BigDecimal'],
  ['[1.7976931348623157e+308]', 1451641170, [0, 0, 0, 0, 2], 'BigDecimal'],
  ['[1.2345678901234568e+21]', -190563098, [0, 0, 1, 2, 6], 'BigDecimal'],
  ['[1.2345678901234566e-7]', -190563132, [0, 0, 0, 3, 4], 'BigDecimal'],
  ['[-123.456]', -624860297, [0, 1, 1, 2, 7], 'Double'],
  ['[true]', 1262, [0, 0, 2, 2, 14], 'Boolean'],
  ['[false]', 1268, [0, 0, 2, 1, 4], 'Boolean'],
  ['[null]', 31, [0, 1, 1, 3, 15], 'null'],
  ['["a",null]', 3968, [0, 0, 2, 6, 0], 'String,null'],
  ['[null,null]', 961, [0, 1, 1, 2, 1], 'null,null'],
  ['[["a",1]]', 4000, [0, 0, 1, 3, 0], 'JSONArray[String,Integer]'],
  ['[[1,[2,[3]]]]', 2080, [0, 0, 1, 1, 0], 'JSONArray[Integer,JSONArray[Integer,JSONArray[Integer]]]'],
  ['[[]]', 32, [0, 0, 2, 4, 0], 'JSONArray[]'],
  ['[]', 1, [0, 1, 1, 1, 1], ''],
  ['[["x",true,0.5]]', 1071827975, [0, 1, 2, 1, 7], 'JSONArray[String,Boolean,Double]'],
  ['[{"a":1,"b":"x"}]', 153, [0, 1, 0, 6, 9], 'JSONObject{a:Integer,b:String}'],
  ['[{}]', 31, [0, 1, 1, 3, 15], 'JSONObject{}'],
  [
    '[{"user":"u1","tags":["x","y"],"score":0.5,"ok":true,"n":null}]',
    969954468,
    [0, 0, 0, 0, 4],
    'JSONObject{score:Double,ok:Boolean,user:String,n:null,tags:JSONArray[String,String]}',
  ],
  ['[{"nested":{"k":[1,2]}}]', -1048943715, [0, 1, 0, 6, 13], 'JSONObject{nested:JSONObject{k:JSONArray[Integer,Integer]}}'],
  ['["user-1",42]', -147181796, [0, 0, 1, 1, 12], 'String,Integer'],
  ['["user-1","login",3]', -1365005048, [0, 0, 1, 6, 8], 'String,String,Integer'],
  ['[42,"user-1"]', -836029562, [0, 0, 1, 3, 6], 'Integer,String'],
  ['["a","b","c","d"]', 3910595, [0, 1, 2, 3, 3], 'String,String,String,String'],
  ['[true,-1,"x",2.5]', 1111602969, [0, 1, 0, 1, 9], 'Boolean,Integer,String,Double'],
];

describe('Storm fields-grouping hash (expectations from storm-client 2.8.4 on the JVM)', () => {
  it('fixture texts are exactly what JSON.stringify writes for them', () => {
    for (const [json] of CASES) expect(JSON.stringify(JSON.parse(json))).toBe(json);
    expect(CASES.some(([, h]) => h < 0)).toBe(true);
  });

  it.each(CASES)('%s: deepHashCode %i, task index for 1,2,3,7,16 tasks %j (%s)', (json, hash, indexes) => {
    const values = JSON.parse(json) as unknown[];
    expect(listHashCode(values)).toBe(hash);
    expect(NUM_TASKS.map((n) => fieldsGroupingIndex(values, n))).toEqual(indexes);
    if (values.length === 1) expect(javaHashCode(values[0])).toBe((hash - 31) | 0); // deepHashCode([x]) = 31 + x.hashCode()
  });

  it('hashes numbers the way JSON.stringify writes them', () => {
    expect(javaHashCode(-0)).toBe(0); // "0" -> Integer 0
    expect(Object.is(fieldsGroupingIndex([-0], 16), 15)).toBe(true);
    expect(javaHashCode(5.0)).toBe(5);
    expect(javaHashCode(2 ** 60)).toBe(javaHashCode(1152921504606847000)); // written in shortest form, parsed as that Long
    expect(Object.is(fieldsGroupingIndex(['x'], 1), 0)).toBe(true);
    expect(Object.is(fieldsGroupingIndex([-16 - 31], 16), 0)).toBe(true); // a -0 remainder comes back as 0
  });

  it('hashes plain objects independently of key order, like a HashMap', () => {
    expect(javaHashCode({ b: 'x', a: 1 })).toBe(javaHashCode({ a: 1, b: 'x' }));
    expect(javaHashCode(Object.assign(Object.create(null) as object, { a: 1, b: 'x' }))).toBe(153 - 31);
  });

  it('rejects what Storm cannot receive unchanged', () => {
    for (const bad of [NaN, Infinity, -Infinity, undefined, () => 1, Symbol('s'), new Date(0), new Map(), new Uint8Array(2)]) {
      expect(() => javaHashCode(bad)).toThrow(TypeError);
    }
    expect(() => listHashCode(['ok', NaN])).toThrow(/NaN is not a JSON value/);
    expect(() => javaHashCode({ a: undefined })).toThrow(/undefined is not a JSON value/);
    expect(() => javaHashCode([[1, Infinity]])).toThrow(TypeError);
    expect(() => javaHashCode(new Date(0))).toThrow(/an instance of Date is not a JSON value/);
    expect(() => fieldsGroupingIndex(['a'], 0)).toThrow(RangeError);
    expect(() => fieldsGroupingIndex(['a'], 1.5)).toThrow(RangeError);
  });
});

/**
 * bigint values: the multilang runner writes their digits. [the digits, Arrays.deepHashCode, Java class], from
 * JDK 17 with storm-client 2.8.3 / storm-shaded-deps 2.8.3: JSONValue.parseWithException as JsonSerializer does.
 */
const BIGINT_CASES: readonly (readonly [bigint, number, string])[] = [
  [5n, 36, 'Integer'],
  [-5n, 26, 'Integer'],
  [2147483647n, -2147483618, 'Integer'],
  [-2147483648n, -2147483617, 'Integer'],
  [-2147483649n, -2147483617, 'Long'],
  [2147483648n, -2147483617, 'Long'],
  [-9007199254740993n, 2097183, 'Long'],
  [9223372036854775807n, -2147483617, 'Long'],
  [-9223372036854775808n, -2147483617, 'Long'],
  [-9223372036854775809n, -2147483618, 'BigInteger'],
  [18446744073709551616n, 992, 'BigInteger'],
  [-1180591620717411303424n, -61473, 'BigInteger'],
];

describe('bigint grouping values (written as digits by the multilang runner)', () => {
  it.each(BIGINT_CASES)('%s: deepHashCode %i (%s)', (n, hash) => {
    expect(listHashCode([n])).toBe(hash);
    expect(javaHashCode([n, 'x'])).toBe(listHashCode([n, 'x']));
  });

  it('hashes a safe bigint like the same number', () => {
    for (const n of [0, 7, -7, 2 ** 31, -(2 ** 40), Number.MAX_SAFE_INTEGER]) expect(javaHashCode(BigInt(n))).toBe(javaHashCode(n));
  });
});

describe('fieldsGroupingIndexAt', () => {
  it('picks the same index as fieldsGroupingIndex on the selected values', () => {
    const rows: unknown[][] = [
      ['user-1', 42, true],
      ['😀', -7, false],
      ['Straße', 2 ** 40, null],
    ];
    for (const row of rows) {
      for (const indexes of [[0], [1], [0, 1], [2, 0]]) {
        for (const n of [1, 2, 3, 7, 16]) {
          expect(fieldsGroupingIndexAt(row, indexes, n)).toBe(
            fieldsGroupingIndex(
              indexes.map((i) => row[i]),
              n,
            ),
          );
        }
      }
    }
  });
});
