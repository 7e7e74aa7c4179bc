export * from "./canonical-json";
export * from "./canonical-check";
export * from "./hash";
export * from "./merkle";
export * from "./checkpoint";
export * from "./verify";
export * from "./bundle";
