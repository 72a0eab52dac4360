// The virtual module `bundle.mjs` makes: on the page, the gzipped, base64 assets and the
// workers' code; in a worker, what the page put in front of its code.
declare module 'offline:assets' {
  const assets: {
    wasm: Record<string, string>;
    examples?: Record<string, string>;
    workers: Record<string, string>;
  };
  export default assets;
}
