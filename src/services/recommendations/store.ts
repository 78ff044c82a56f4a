// Reading a review's recommendations with their states and themes in three queries joined on
// the review, never with a list of ids: a review with thousands of recommendations stays within
// both engines' limits on query parameters.
import type { Db, Models } from '../../db/client';

export type RecommendationFull = Models.Recommendation & { states: { stateCode: string }[]; themes: { theme: string }[] };

type Reader = Pick<Db, 'recommendation' | 'recommendationState' | 'recommendationTheme'>;

export async function loadRecommendations(db: Reader, guildId: string, reviewId: number): Promise<RecommendationFull[]> {
  const scope = { recommendation: { guildId, reviewId } };
  const [recs, states, themes] = await Promise.all([
    db.recommendation.findMany({ where: { guildId, reviewId }, orderBy: { id: 'asc' } }),
    db.recommendationState.findMany({ where: scope, select: { recommendationId: true, stateCode: true }, orderBy: { stateCode: 'asc' } }),
    db.recommendationTheme.findMany({ where: scope, select: { recommendationId: true, theme: true }, orderBy: { theme: 'asc' } }),
  ]);
  const byId = new Map<number, RecommendationFull>(recs.map((r) => [r.id, { ...r, states: [], themes: [] }]));
  for (const s of states) byId.get(s.recommendationId)?.states.push({ stateCode: s.stateCode });
  for (const t of themes) byId.get(t.recommendationId)?.themes.push({ theme: t.theme });
  return [...byId.values()];
}
