import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveOfficialAdapter } from '@twinstorm/multilang/testing';
import { PYTHON_RESOURCES } from '../topologies/foreign.ts';

const SCRIPT = fileURLToPath(new URL('../topologies/python/upper.py', import.meta.url));

/** Lays out the Python bolt's resources/ (upper.py next to storm.py, resolved with Maven) and returns the directory. */
export async function preparePythonResources(): Promise<string> {
  const adapter = await resolveOfficialAdapter('python');
  await mkdir(PYTHON_RESOURCES, { recursive: true });
  await copyFile(join(adapter, 'storm.py'), join(PYTHON_RESOURCES, 'storm.py'));
  await copyFile(SCRIPT, join(PYTHON_RESOURCES, 'upper.py'));
  return PYTHON_RESOURCES;
}
