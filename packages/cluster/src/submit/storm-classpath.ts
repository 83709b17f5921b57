import { ensureStormInstall } from '../storm-home/install.ts';

/** Storm's client classpath (`lib/*` of the twinstorm Storm install, resolved with Maven on first use), for `java -cp`. */
export async function stormClasspath(): Promise<string> {
  return (await ensureStormInstall()).classpath;
}
