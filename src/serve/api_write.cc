// File: serve/api_write.cc
// POST /api/reviews: a reviewer's decision on a campaign or an alert.
#include "common/strings.h"
#include "serve/internal/api.h"
#include "serve/json_in.h"
#include "serve/json_out.h"

namespace sakimori::serve {

void Server::Impl::PostReview(const httplib::Request& req, httplib::Response& res,
                              const Principal& who) {
  ASSIGN_OR_SEND(auto body, ParseFlatObject(req.body));
  ReviewRecord review;
  review.target_kind = body["target_kind"];
  review.target_id = body["target_id"];
  review.note = body["note"];
  review.user = who.user;
  review.created_at = clock_->NowMs();
  if (review.target_kind != "campaign" && review.target_kind != "alert") {
    return SendError(res, 400, "bad_request", "'target_kind' must be campaign or alert");
  }
  if (review.target_id.empty()) return SendError(res, 400, "bad_request", "missing 'target_id'");
  ASSIGN_OR_SEND(review.decision, ParseDecision(body["decision"]));
  if (review.decision != Decision::kConfirm && review.note.empty()) {
    return SendError(res, 400, "bad_request", "a note is required to dismiss or ask for more");
  }
  if (review.note.size() > 10'000) {
    return SendError(res, 400, "bad_request", "the note is over 10,000 bytes");
  }
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  Status st = store->InTransaction([&]() -> Status {
    if (review.target_kind == "campaign") {
      RETURN_IF_ERROR(store->GetCampaign(review.target_id).status());
    } else {
      RETURN_IF_ERROR(store->GetAlert(review.target_id).status());
      const AlertState state = review.decision == Decision::kConfirm   ? AlertState::kConfirmed
                               : review.decision == Decision::kDismiss ? AlertState::kDismissed
                                                                       : AlertState::kAcknowledged;
      RETURN_IF_ERROR(store->SetAlertState(review.target_id, state, review.created_at));
    }
    ASSIGN_OR_RETURN(review.id, store->AddReview(review));
    JsonOut detail;
    detail.BeginObject().Key("decision").String(DecisionName(review.decision));
    detail.Key("review_id").Int(review.id).EndObject();
    return Audit(*store, who, "review", review.target_kind, review.target_id, detail.Take());
  });
  if (!st.ok()) return SendStatus(res, st);
  if (review.target_kind == "alert") feed_->Notify();
  JsonOut out;
  out.BeginObject().Key("review").BeginObject();
  out.Key("id").Int(review.id).Key("target_kind").String(review.target_kind);
  out.Key("target_id").String(review.target_id);
  out.Key("decision").String(DecisionName(review.decision)).Key("note").String(review.note);
  out.Key("user").String(review.user).Key("created_at").Int(review.created_at);
  out.EndObject().EndObject();
  SendJson(res, 201, out.Take());
}

}  // namespace sakimori::serve
