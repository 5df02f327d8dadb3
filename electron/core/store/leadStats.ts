/**
 * lead_stats counts leads by the inbox's filter values (see migration 4). Its key, and the same values
 * read from a lead row (email and phone: counted as present or not).
 */
export const STATS_KEY = 'destination_id, is_test, do_not_contact, offer, action, source, country, has_email, has_phone';
export const STATS_VALUES = "destination_id, is_test, do_not_contact, offer, action, source, country, email != '', phone != ''";
export const STATS_GROUP = '1, 2, 3, 4, 5, 6, 7, 8, 9';

/** Counts every lead afresh: how a first load's deferred counts are made once it has written its leads. */
export const STATS_REBUILD_SQL = `DELETE FROM lead_stats;
  INSERT INTO lead_stats (${STATS_KEY}, n) SELECT ${STATS_VALUES}, count(*) FROM leads GROUP BY ${STATS_GROUP};`;
