// The slice of the WebAssembly JS API this package uses. @types/node does not declare the global, and the DOM
// lib would bring a browser's globals into a Node package.
declare global {
  namespace WebAssembly {
    class Module {
      constructor(bytes: ArrayBufferView | ArrayBuffer);
    }
    class Instance {
      constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
      readonly exports: Record<string, unknown>;
    }
    class Memory {
      readonly buffer: ArrayBuffer;
    }
    class Global {
      value: unknown;
    }
  }
}
export {};
