// node --import ./scripts/register.mjs file.ts — TypeScript via tsx, plus the server-only hook.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

register("./server-only-hook.mjs", import.meta.url);
registerTsx();
