// File: store/store_test_util.h
// A test fixture that gives each test an empty database of one backend: a SQLite file in a
// fresh temporary directory, or a fresh schema in the PostgreSQL server named by the
// environment variable SAKIMORI_TEST_PG_URL (tests/pg/with_postgres.sh starts a throwaway
// one and sets it). Without that variable the PostgreSQL instances are skipped.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <pqxx/pqxx>
#include <random>
#include <string>

#include "store/store.h"

namespace sakimori {

// A fresh, empty database location of one backend; removed on destruction.
class TestDatabase {
 public:
  // `backend` is "sqlite" or "postgresql". Check skip_reason() before use.
  explicit TestDatabase(const std::string& backend) {
    std::random_device rd;
    std::string suffix = std::to_string(rd()) + std::to_string(rd());
    if (backend == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / ("sakimori-store-" + suffix);
      std::filesystem::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "store.db").string();
      return;
    }
    const char* pg = std::getenv("SAKIMORI_TEST_PG_URL");
    if (pg == nullptr || *pg == '\0') {
      skip_reason_ =
          "SAKIMORI_TEST_PG_URL is not set: PostgreSQL tests skipped (run them with "
          "tests/pg/with_postgres.sh build/store_test, or ctest -R store_test_postgresql)";
      return;
    }
    admin_url_ = pg;
    schema_ = "sakimori_test_" + suffix;
    try {
      pqxx::connection admin(admin_url_);
      pqxx::nontransaction(admin).exec("CREATE SCHEMA " + schema_);
    } catch (const std::exception& e) {
      error_ = std::string("cannot create a test schema in ") + pg + ": " + e.what();
      return;
    }
    url_ = admin_url_ + (admin_url_.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema_;
  }

  ~TestDatabase() {
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
    if (!schema_.empty()) {
      try {
        pqxx::connection admin(admin_url_);
        pqxx::nontransaction(admin).exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
      } catch (...) {
      }
    }
  }

  const std::string& url() const { return url_; }
  const std::string& skip_reason() const { return skip_reason_; }
  const std::string& error() const { return error_; }

 private:
  std::filesystem::path dir_;
  std::string admin_url_;
  std::string schema_;
  std::string url_;
  std::string skip_reason_;
  std::string error_;
};

// Parameterised by backend name; opens store_ on a fresh database, migrated when
// `migrate` (the constructor argument) is true.
class StoreFixture : public ::testing::TestWithParam<std::string> {
 protected:
  explicit StoreFixture(bool migrate = true) : migrate_(migrate) {}

  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    if (!db_->skip_reason().empty()) GTEST_SKIP() << db_->skip_reason();
    ASSERT_TRUE(db_->error().empty()) << db_->error();
    store_ = OpenAnother(migrate_);
  }

  void TearDown() override {
    store_.reset();
    db_.reset();
  }

  // Another connection to the same database.
  std::unique_ptr<Store> OpenAnother(bool migrate = false) {
    StoreOptions options;
    options.migrate = migrate;
    auto store = Store::Open(db_->url(), options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  bool migrate_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Store> store_;
};

inline std::string BackendName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace sakimori
