/** Activities of the foundation probe: real work done outside the workflow sandbox. */
export function createProbeActivities() {
  return {
    shout(value: string): Promise<string> {
      return Promise.resolve(value.toUpperCase());
    },
  };
}
export type ProbeActivities = ReturnType<typeof createProbeActivities>;
