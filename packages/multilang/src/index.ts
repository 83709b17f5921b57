// @twinstorm/multilang: Storm's multilang protocol (codec, component runner, shell components for the local engine).
export {};
