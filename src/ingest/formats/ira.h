// File: ingest/formats/ira.h
// The fivethirtyeight "russian-troll-tweets" CSV (Linvill & Warren's Internet Research
// Agency tweets): one tweet per row, with the author's counts at the time.
//
// Mapping (docs/formats-csv.md):
//   author -> actor, lower-cased (retweets name their target's author only by handle, so
//     accounts are identified by handle throughout); the handle as written is the profile
//     handle, external_author_id is not used as an id;
//   tweet_id -> id, else the status id at the end of article_url, else
//     "ira:" + hex(Hash64(author "\x1f" publish_date "\x1f" content));
//   publish_date ("10/1/2017 19:58", month first, UTC) -> time;
//   post_type RETWEET (or retweet = 1) -> repost. The IRA files carry no retweeted-tweet id, so
//     the target is the text-derived id TextPostId(content without its leading "RT @user: ")
//     ("text:" + 16 hex digits of xxh3), shared by every retweet of the same text; the target
//     author is that "@user", lower-cased;
//   post_type QUOTE_TWEET -> quote of the first twitter.com/.../status/ID link among
//     tco1_step1..tco3_step1 (target author: the handle in that link); a quote whose quoted
//     tweet cannot be identified is read as a post;
//   content -> text, with its #hashtags and @mentions; language -> lang;
//   tco1_step1..tco3_step1 -> urls; following, followers, updates, region -> profile
//     (following, followers, posts, location).
// Required columns: author, content, publish_date.
#pragma once

#include <memory>

#include "ingest/record_parser.h"

namespace sakimori {

std::unique_ptr<CsvRecordParser> MakeIraParser();

}  // namespace sakimori
