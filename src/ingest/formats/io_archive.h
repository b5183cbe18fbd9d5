// File: ingest/formats/io_archive.h
// Twitter's information-operations archive CSV (the platform's disclosures of state-backed
// operations, 2018-2021): one tweet per row with its author's profile columns.
//
// Mapping (docs/formats-csv.md):
//   tweetid -> id; userid -> actor; tweet_time ("2017-01-01 12:34", UTC) -> time;
//   is_retweet true -> repost of retweet_tweetid, target author retweet_userid (a retweet
//     without retweet_tweetid targets the text-derived id of its "RT @user: " text);
//   otherwise in_reply_to_tweetid -> reply (target author in_reply_to_userid), then
//     quoted_tweet_tweetid -> quote, else post;
//   tweet_text, tweet_language, tweet_client_name -> text, lang, client;
//   hashtags, urls, user_mentions: list cells ("[a, b]", "['a', 'b']", "", "[]");
//   user_* columns, follower_count, following_count, account_creation_date,
//     account_language -> the actor's profile, observed at tweet_time.
// Required columns: tweetid, userid, tweet_time.
#pragma once

#include <memory>

#include "ingest/record_parser.h"

namespace sakimori {

std::unique_ptr<CsvRecordParser> MakeIoArchiveParser();

}  // namespace sakimori
