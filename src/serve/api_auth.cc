// File: serve/api_auth.cc
// Login, logout, the current user, users, tokens, shares and the audit log.
#include <string>

#include "common/strings.h"
#include "serve/credentials.h"
#include "serve/internal/api.h"
#include "serve/json_in.h"
#include "serve/json_out.h"
#include "serve/users.h"

namespace sakimori::serve {
namespace {

std::string Get(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? std::string() : it->second;
}

// "k":"v" pairs as a JSON object (audit details).
std::string Detail(std::initializer_list<std::pair<std::string_view, std::string_view>> kv) {
  JsonOut out;
  out.BeginObject();
  for (const auto& [k, v] : kv) out.Key(k).String(v);
  out.EndObject();
  return out.Take();
}

std::string LoginDetail(bool ok, std::string_view ip) {
  JsonOut out;
  out.BeginObject().Key("ok").Bool(ok).Key("ip").String(ip).EndObject();
  return out.Take();
}

void WriteUser(const UserRecord& u, JsonOut* out) {
  out->BeginObject();
  out->Key("name").String(u.name).Key("role").String(RoleName(u.role));
  out->Key("created_at").Int(u.created_at);
  out->EndObject();
}

void WriteShare(const ShareRecord& s, JsonOut* out) {
  out->BeginObject();
  out->Key("id").Int(s.id).Key("partner").String(s.partner);
  out->Key("object_kind").String(s.object_kind).Key("object_id").String(s.object_id);
  out->Key("tlp").String(TlpName(s.tlp)).Key("created_by").String(s.created_by);
  out->Key("created_at").Int(s.created_at);
  out->EndObject();
}

}  // namespace

void Server::Impl::Login(const httplib::Request& req, httplib::Response& res, const Principal&) {
  StatusOr<std::map<std::string, std::string>> body = ParseFlatObject(req.body);
  if (!body.ok()) return SendStatus(res, body.status());
  const std::string name = Get(*body, "user");
  const std::string password = Get(*body, "password");
  if (name.empty()) return SendError(res, 400, "bad_request", "missing 'user'");
  const std::string ip = req.remote_addr;

  if (int64_t wait = limiter_.RetryAfterMs(name, ip); wait > 0) {
    res.set_header("Retry-After", std::to_string((wait + 999) / 1000));
    return SendError(res, 429, "rate_limited", "too many failed logins; try again later");
  }
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  StatusOr<UserRecord> user = store->GetUser(name);
  if (!user.ok() && !absl::IsNotFound(user.status())) return SendStatus(res, user.status());
  // Unknown users and wrong passwords get the same answer.
  const bool ok = user.ok() && VerifyPassword(user->password_hash, password);
  Principal who;
  who.user = name;
  who.ip = ip;
  if (!ok) {
    limiter_.RecordFailure(name, ip);
    (void)Audit(*store, who, "login", "user", name,
                LoginDetail(false, ip));
    return SendError(res, 401, "unauthenticated", "wrong user name or password");
  }
  limiter_.RecordSuccess(name, ip);
  const TimeMs now = clock_->NowMs();
  const std::string session_id = NewSecret("");
  SessionRecord session;
  session.session_hash = HashSecret(session_id);
  session.user = user->name;
  session.created_at = now;
  session.expires_at = now + options_.session_ms;
  session.last_seen = now;
  if (Status st = store->AddSession(session); !st.ok()) return SendStatus(res, st);
  (void)store->DeleteExpiredSessions(now);
  (void)Audit(*store, who, "login", "user", name,
              LoginDetail(true, ip));
  const std::string csrf = CsrfFor(session_id);
  const std::string secure = options_.secure_cookies ? "; Secure" : "";
  const std::string max_age = std::to_string(options_.session_ms / 1000);
  res.set_header("Set-Cookie", StrCat("sakimori_session=", session_id,
                                      "; HttpOnly; SameSite=Strict; Path=/; Max-Age=", max_age,
                                      secure));
  res.headers.emplace("Set-Cookie", StrCat("sakimori_csrf=", csrf,
                                           "; SameSite=Strict; Path=/; Max-Age=", max_age,
                                           secure));
  JsonOut out;
  out.BeginObject();
  out.Key("user").BeginObject().Key("name").String(user->name);
  out.Key("role").String(RoleName(user->role)).EndObject();
  out.Key("csrf").String(csrf).Key("expires_at").Int(session.expires_at);
  out.EndObject();
  SendJson(res, 200, out.Take());
}

void Server::Impl::Logout(const httplib::Request&, httplib::Response& res, const Principal& who) {
  if (!who.session) {
    return SendError(res, 400, "bad_request", "logout ends a cookie session; tokens are revoked");
  }
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  if (Status st = store->DeleteSession(HashSecret(who.session_id));
      !st.ok() && !absl::IsNotFound(st)) {
    return SendStatus(res, st);
  }
  (void)Audit(*store, who, "logout", "user", who.user, "{}");
  res.set_header("Set-Cookie", "sakimori_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
  res.headers.emplace("Set-Cookie", "sakimori_csrf=; SameSite=Strict; Path=/; Max-Age=0");
  SendJson(res, 200, R"({"ok":true})");
}

void Server::Impl::Me(const httplib::Request&, httplib::Response& res, const Principal& who) {
  JsonOut out;
  out.BeginObject();
  out.Key("name").String(who.user).Key("role").String(RoleName(who.role));
  out.Key("auth").String(who.session ? "session" : "token");
  if (who.session) out.Key("csrf").String(CsrfFor(who.session_id));
  out.EndObject();
  SendJson(res, 200, out.Take());
}

void Server::Impl::ListUsers(const httplib::Request&, httplib::Response& res, const Principal&) {
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  ASSIGN_OR_SEND(std::vector<UserRecord> users, store->ListUsers());
  JsonOut out;
  out.BeginObject().Key("users").BeginArray();
  for (const UserRecord& u : users) WriteUser(u, &out);
  out.EndArray().EndObject();
  SendJson(res, 200, out.Take());
}

void Server::Impl::CreateUser(const httplib::Request& req, httplib::Response& res,
                              const Principal& who) {
  ASSIGN_OR_SEND(auto body, ParseFlatObject(req.body));
  ASSIGN_OR_SEND(Role role, ParseRole(Get(body, "role")));
  const std::string name = Get(body, "name");
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  const TimeMs now = clock_->NowMs();
  if (Status st = AddUser(*store, name, role, Get(body, "password"), now); !st.ok()) {
    return SendStatus(res, st);
  }
  (void)Audit(*store, who, "user_add", "user", name, Detail({{"role", RoleName(role)}}));
  JsonOut out;
  out.BeginObject().Key("user");
  WriteUser(UserRecord{name, role, "", now}, &out);
  out.EndObject();
  SendJson(res, 201, out.Take());
}

void Server::Impl::CreateToken(const httplib::Request& req, httplib::Response& res,
                               const Principal& who) {
  const std::string name = req.matches[1];
  std::string label;
  if (!req.body.empty()) {
    ASSIGN_OR_SEND(auto body, ParseFlatObject(req.body));
    label = Get(body, "label");
  }
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  if (StatusOr<UserRecord> u = store->GetUser(name); !u.ok()) return SendStatus(res, u.status());
  ASSIGN_OR_SEND(std::string token, IssueToken(*store, name, label, clock_->NowMs()));
  (void)Audit(*store, who, "token_add", "user", name, Detail({{"label", label}}));
  JsonOut out;
  out.BeginObject().Key("token").String(token).Key("label").String(label).EndObject();
  SendJson(res, 201, out.Take());
}

void Server::Impl::ListShares(const httplib::Request& req, httplib::Response& res,
                              const Principal&) {
  const std::string partner = req.get_param_value("partner");
  if (partner.empty()) return SendError(res, 400, "bad_request", "missing 'partner'");
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  ASSIGN_OR_SEND(std::vector<ShareRecord> shares, store->ListShares(partner));
  JsonOut out;
  out.BeginObject().Key("shares").BeginArray();
  for (const ShareRecord& s : shares) WriteShare(s, &out);
  out.EndArray().EndObject();
  SendJson(res, 200, out.Take());
}

void Server::Impl::CreateShare(const httplib::Request& req, httplib::Response& res,
                               const Principal& who) {
  ASSIGN_OR_SEND(auto body, ParseFlatObject(req.body));
  ShareRecord share;
  share.partner = Get(body, "partner");
  share.object_kind = Get(body, "object_kind").empty() ? "campaign" : Get(body, "object_kind");
  share.object_id = Get(body, "object_id");
  if (share.object_kind != "campaign") {
    return SendError(res, 400, "bad_request", "only campaigns can be shared");
  }
  const std::string tlp = Get(body, "tlp").empty() ? "amber" : Get(body, "tlp");
  ASSIGN_OR_SEND(share.tlp, ParseTlp(tlp));
  share.created_by = who.user;
  share.created_at = clock_->NowMs();
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  ASSIGN_OR_SEND(UserRecord partner, store->GetUser(share.partner));
  if (partner.role != Role::kPartner) {
    return SendError(res, 400, "bad_request", StrCat("user '", partner.name, "' is not a partner"));
  }
  if (StatusOr<CampaignRecord> c = store->GetCampaign(share.object_id); !c.ok()) {
    return SendStatus(res, c.status());
  }
  ASSIGN_OR_SEND(share.id, store->AddShare(share));
  (void)Audit(*store, who, "share_add", "campaign", share.object_id,
              Detail({{"partner", share.partner}, {"tlp", TlpName(share.tlp)}}));
  JsonOut out;
  out.BeginObject().Key("share");
  WriteShare(share, &out);
  out.EndObject();
  SendJson(res, 201, out.Take());
}

void Server::Impl::ListAudit(const httplib::Request& req, httplib::Response& res,
                             const Principal&) {
  AuditQuery query;
  if (req.has_param("user")) query.user = req.get_param_value("user");
  if (req.has_param("since")) {
    TimeMs since = 0;
    if (!ParseAnyTime(req.get_param_value("since"), &since)) {
      return SendError(res, 400, "bad_request", "'since' is not a time");
    }
    query.since = since;
  }
  if (req.has_param("limit")) {
    try {
      query.limit = std::stoi(req.get_param_value("limit"));
    } catch (...) {
      return SendError(res, 400, "bad_request", "'limit' is not a number");
    }
  }
  query.page_token = req.get_param_value("cursor");
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  ASSIGN_OR_SEND(AuditPage page, store->ListAudit(query));
  JsonOut out;
  out.BeginObject().Key("entries").BeginArray();
  for (const AuditRecord& e : page.entries) {
    out.BeginObject();
    out.Key("id").Int(e.id).Key("user").String(e.user).Key("action").String(e.action);
    out.Key("object_kind").String(e.object_kind).Key("object_id").String(e.object_id);
    out.Key("at").Int(e.at).Key("detail").Raw(e.detail_json);
    out.EndObject();
  }
  out.EndArray().Key("next_cursor").String(page.next_page_token).EndObject();
  SendJson(res, 200, out.Take());
}

}  // namespace sakimori::serve
