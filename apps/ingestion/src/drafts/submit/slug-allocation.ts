import { slugFromHeadline, withSuffix } from '@newsroom/contracts';

/** The headline's slug; when another draft holds it, the same slug with the start of this draft's id. */
export async function slugFor(headline: string, draftId: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  const slug = slugFromHeadline(headline);
  return (await isTaken(slug)) ? withSuffix(slug, draftId.slice(0, 8)) : slug;
}
