// File: serve/alert_feed.cc
// The alert poller and its subscribers.
#include "serve/alert_feed.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include "common/log.h"
#include "common/strings.h"
#include "serve/json_out.h"

namespace sakimori::serve {

void WriteAlert(const AlertRecord& a, JsonOut* out) {
  out->BeginObject();
  out->Key("id").String(a.id);
  out->Key("campaign_id").String(a.campaign_id);
  out->Key("raised_at").Int(a.raised_at);
  out->Key("severity").String(SeverityName(a.severity));
  out->Key("state").String(AlertStateName(a.state));
  out->Key("updated_at").Int(a.updated_at);
  out->Key("run_id").OptInt(a.run_id);
  out->EndObject();
}

std::vector<std::string> AlertSubscription::Wait(int64_t timeout_ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
               [&] { return closed_ || !pending_.empty(); });
  std::vector<std::string> out(pending_.begin(), pending_.end());
  pending_.clear();
  return out;
}

bool AlertSubscription::closed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return closed_;
}

void AlertSubscription::Push(const std::string& message) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pending_.size() >= 10'000) pending_.pop_front();  // a stuck client loses the oldest
    pending_.push_back(message);
  }
  cv_.notify_all();
}

void AlertSubscription::Close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  cv_.notify_all();
}

AlertFeed::~AlertFeed() { Stop(); }

void AlertFeed::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void AlertFeed::Stop() {
  std::vector<std::shared_ptr<AlertSubscription>> subs;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    subs.swap(subscribers_);
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (auto& s : subs) s->Close();
}

std::shared_ptr<AlertSubscription> AlertFeed::Subscribe() {
  auto s = std::make_shared<AlertSubscription>();
  std::lock_guard<std::mutex> lock(mutex_);
  if (stop_) {
    s->Close();
  } else {
    subscribers_.push_back(s);
  }
  metrics_->SetSubscribers(static_cast<int64_t>(subscribers_.size()));
  return s;
}

void AlertFeed::Unsubscribe(const std::shared_ptr<AlertSubscription>& s) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase(subscribers_, s);
  metrics_->SetSubscribers(static_cast<int64_t>(subscribers_.size()));
}

void AlertFeed::Notify() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    wake_ = true;
  }
  cv_.notify_all();
}

void AlertFeed::Run() {
  while (true) {
    Status st = PollOnce();
    if (!st.ok()) SAKIMORI_LOG_WARN("alert feed: {}", Message(st));
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(poll_ms_), [&] { return stop_ || wake_; });
    wake_ = false;
    if (stop_) return;
  }
}

Status AlertFeed::PollOnce() {
  ASSIGN_OR_RETURN(StorePool::Lease store, pool_->Acquire());
  std::vector<AlertRecord> changed;
  AlertQuery query;
  query.limit = 1000;
  int scanned = 0;
  while (scanned < scan_limit_) {
    StatusOr<AlertPage> page = store->ListAlerts(query);
    if (!page.ok()) {
      store.Discard();
      return page.status();
    }
    for (AlertRecord& a : page->alerts) {
      auto key = std::make_pair(a.updated_at, static_cast<int>(a.state));
      auto [it, inserted] = seen_.try_emplace(a.id, key);
      if (inserted || it->second != key) {
        it->second = key;
        if (primed_) changed.push_back(std::move(a));
      }
    }
    scanned += static_cast<int>(page->alerts.size());
    if (page->next_page_token.empty()) break;
    query.page_token = page->next_page_token;
  }
  primed_ = true;
  if (changed.empty()) return absl::OkStatus();
  // Oldest first, so a client's list grows in order.
  std::sort(changed.begin(), changed.end(), [](const AlertRecord& x, const AlertRecord& y) {
    return std::tie(x.raised_at, x.id) < std::tie(y.raised_at, y.id);
  });
  std::vector<std::string> messages;
  for (const AlertRecord& a : changed) {
    JsonOut json;
    WriteAlert(a, &json);
    messages.push_back(StrCat("id: ", a.raised_at, ":", a.id, "\nevent: alert\ndata: ",
                              json.str(), "\n\n"));
  }
  std::vector<std::shared_ptr<AlertSubscription>> subs;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    subs = subscribers_;
  }
  for (auto& s : subs) {
    for (const std::string& m : messages) s->Push(m);
  }
  metrics_->RecordPush(changed.size());
  return absl::OkStatus();
}

}  // namespace sakimori::serve
