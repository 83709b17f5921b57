// Re-exports execa for the end-to-end tests under test/cli (execa is a devDependency of this package, not of the root).
export { execa } from 'execa';
