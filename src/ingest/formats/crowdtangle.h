// File: ingest/formats/crowdtangle.h
// CrowdTangle CSV, in its two common shapes:
//  - the dashboard's post export (Facebook pages/groups and Instagram accounts): "Page Name",
//    "User Name", "Facebook Id", "Post Created" ("2021-09-01 10:00:00 CEST") or "Post Created
//    Date" + "Post Created Time", "Type", "Message", "Link", "Final Link", "URL", counts...;
//  - the link-share table CooRnet works on (CrowdTangle API /links results flattened:
//    "account.url", "date", "expanded", "id", "postUrl", "platform", "message",
//    "account.name", "account.handle", "account.subscriberCount", ...).
// Each row is a post by the page or account, sharing its link(s), with the message as text.
//
// Mapping, post export: actor = "Facebook Id", else "User Name", else "Page Name";
//   id = "URL" (the post's address), else "Facebook Id" + "@" + time + "#" + row hash;
//   urls = "Link" and "Final Link" when different; text = "Message", else "Description";
//   platform = facebook when the export has "Facebook Id" or "Page Name", else instagram;
//   profile: "Page Name" name, "User Name" handle, "Page Description", "Page Admin Top
//   Country" location, "Page Created" created_at, "Followers at Posting" (else "Likes at
//   Posting") followers.
// Mapping, link shares: actor = "account.url"; id = "id", else "postUrl"; time = "date"
//   (UTC); urls = "expanded"; text = "message"; platform = "platform" (or account.platform);
//   profile: account.name, account.handle, account.subscriberCount (followers),
//   account.verified.
#pragma once

#include <memory>

#include "ingest/record_parser.h"

namespace sakimori {

std::unique_ptr<CsvRecordParser> MakeCrowdTangleParser();

}  // namespace sakimori
