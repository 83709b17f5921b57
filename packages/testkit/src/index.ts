// @twinstorm/testkit: run a topology on fixture input on either runtime and compare what the runtimes emit.
export {};
