// The type-only entry points (jsx, vue, svelte) have no code: importing them does nothing.
export {};
