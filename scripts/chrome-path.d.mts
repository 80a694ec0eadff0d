/** The Chromium binary: CHROME_PATH, else Debian's; undefined when none is installed. */
export function findChrome(): string | undefined;
/** Headless flags that work as root on these machines. */
export const chromeArgs: string[];
/** The Chromium binary, or an Error that says how to install one. */
export function requireChrome(): string;
