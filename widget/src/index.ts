// Public entry of the elements package. Elements register themselves when imported.
export {};
