/** The article's `uri`: one item of one provider, whatever its version. Built here only. */
export function itemUri(providerId: string, providerItemId: string): string {
  return `storyline:item:${providerId}:${providerItemId}`;
}
