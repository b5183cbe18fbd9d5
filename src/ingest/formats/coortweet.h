// File: ingest/formats/coortweet.h
// CooRTweet / CooRnet share tables: object_id,account_id,content_id,timestamp_share (one
// share of an object per row; read as reposts of object_id by account_id, with content_id
// as the repost's own id), and CooRTweet's multi-modal German election table
// (account_id,post_id,url_id,hashtag_id,domain_id,phash_id,timestamp): one post per row,
// rows of the same post_id carrying its URL, hashtag, domain and image-hash objects.
#pragma once

#include <memory>

#include "ingest/record_parser.h"

namespace sakimori {

std::unique_ptr<CsvRecordParser> MakeCoortweetParser();
std::unique_ptr<CsvRecordParser> MakeCoortweetMultiParser();

}  // namespace sakimori
