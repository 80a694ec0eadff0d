// Types of bindings.mjs, for the tests and the manifest config.
export function readEventMap(source: string): Map<string, string>;
export function reactEventProp(event: string): string;
export function reactWrappers(manifest: unknown, details: Map<string, string>): string;
export function frameworkBindings(options: { outdir: string; eventsSource: string }): {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  packageLinkPhase(context: { customElementsManifest: any }): void;
};
