import { NinjsDocument, ninjsProblems } from '../ninjs/ninjs';
import { Topics } from '../topics';
import { InvalidPayloadError, registerContract } from './event-contract';

/** The public event: its data is the whole published article as a ninjs 3.1 document. */
export const ArticlePublished = registerContract<NinjsDocument>({
  type: 'newsroom.article.published.v1',
  topic: Topics.articles,
  parse(data: unknown) {
    const problems = ninjsProblems(data);
    if (problems.length) throw new InvalidPayloadError(this.type, problems);
    return data as NinjsDocument;
  },
});
