// The storm-java scenario's jar (bench/storm-java, Maven): writes the corpus into its resources, builds it when stale,
// and checks that its Java split makes exactly the words examples/wordcount/words.ts makes of every corpus sentence.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureStormInstall } from '@twinstorm/cluster';
import { execa } from 'execa';
import { CORPUS } from '../../examples/wordcount/corpus.ts';
import { splitWords } from '../../examples/wordcount/words.ts';

const PROJECT = fileURLToPath(new URL('../storm-java/', import.meta.url));

/** The jar `mvn -q -B -f bench/storm-java/pom.xml package` writes. */
export const JAVA_JAR = join(PROJECT, 'target', 'wordcount-java.jar');
/** Its main class: submits with StormSubmitter and prints {"submitted": name}. */
export const JAVA_MAIN = 'dev.twinstorm.bench.wordcount.WordCountMain';
/** The corpus as the jar carries it (a JSON array, committed; rewritten from corpus.ts whenever they differ). */
export const SENTENCES_JSON = join(PROJECT, 'src', 'main', 'resources', 'wordcount', 'sentences.json');

/** A client JVM starts faster with one GC thread and C1 only (as the cluster package runs its Java commands). */
export const CLIENT_JVM_FLAGS = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto'];

/** Writes SENTENCES_JSON from corpus.ts when it differs (so an unchanged corpus leaves the build up to date). */
export async function writeSentences(): Promise<boolean> {
  const text = `${JSON.stringify(CORPUS, null, 2)}\n`;
  if (existsSync(SENTENCES_JSON) && readFileSync(SENTENCES_JSON, 'utf8') === text) return false;
  await writeFile(SENTENCES_JSON, text);
  return true;
}

/** The newest modification time of pom.xml and everything under src/. */
function newestSource(): number {
  let newest = statSync(join(PROJECT, 'pom.xml')).mtimeMs;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(PROJECT, 'src'));
  return newest;
}

/**
 * Corpus written, jar built (Maven, only when missing or older than its sources) and its split checked against
 * splitWords on every corpus sentence; returns the jar. Not safe to call from two processes at once.
 */
export async function prepareJavaJar(): Promise<string> {
  await writeSentences();
  if (!existsSync(JAVA_JAR) || statSync(JAVA_JAR).mtimeMs < newestSource()) {
    const r = await execa('mvn', ['-q', '-B', '-Dstyle.color=never', '-f', join(PROJECT, 'pom.xml'), 'package'], {
      reject: false,
      all: true,
    });
    if (r.failed) throw new Error(`building ${JAVA_JAR} failed (mvn exit ${String(r.exitCode)}):\n${(r.all ?? '').slice(-3000)}`);
  }
  await checkJavaSplit();
  return JAVA_JAR;
}

/** Runs the jar's SplitCheck and throws, naming the sentence, unless Java's words equal splitWords' for each one. */
export async function checkJavaSplit(): Promise<void> {
  const { classpath } = await ensureStormInstall();
  const { stdout } = await execa('java', [
    ...CLIENT_JVM_FLAGS,
    '-cp',
    `${classpath}:${JAVA_JAR}`,
    'dev.twinstorm.bench.wordcount.SplitCheck',
  ]);
  const java = JSON.parse(stdout) as string[][];
  if (java.length !== CORPUS.length) throw new Error(`Java split ${java.length} sentences, corpus.ts has ${CORPUS.length}`);
  CORPUS.forEach((sentence, i) => {
    const ts = splitWords(sentence);
    if (JSON.stringify(java[i]) !== JSON.stringify(ts)) {
      throw new Error(
        `Java and words.ts split sentence ${i} differently: ${JSON.stringify(sentence)} -> ${JSON.stringify(java[i])} vs ${JSON.stringify(ts)}`,
      );
    }
  });
}
