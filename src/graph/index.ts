// The graph entry: building execution graphs from llm.call lines. Pure: no Node built-ins.
// Its exports land with the graph issue; until then the entry is intentionally empty.
export {};
