import { execa } from 'execa';
import { ClusterError } from '../errors.ts';

const HINTS: Record<string, string> = {
  java: 'install a JDK 17 (e.g. apt install openjdk-17-jdk-headless) or put its bin/ on PATH',
  mvn: 'install Apache Maven 3.8+ (e.g. apt install maven) or put its bin/ on PATH',
};

/** Fails with one clear line when `tool` (java, mvn) cannot be run, instead of a spawn ENOENT deep inside a command. */
export async function requireTool(tool: 'java' | 'mvn'): Promise<void> {
  const args = tool === 'java' ? ['-version'] : ['-v'];
  try {
    await execa(tool, args, { reject: true, timeout: 60_000 });
  } catch (err) {
    const notFound = (err as { code?: string }).code === 'ENOENT';
    const why = notFound ? 'is not on PATH' : `does not run (${String((err as Error).message).split('\n')[0]})`;
    throw new ClusterError('E_TOOL_MISSING', `${tool} ${why}: ${HINTS[tool]}`, { cause: err });
  }
}
