// File: serve/engine_sink.cc
#include "serve/engine_sink.h"

#include "engine/store_writer.h"

namespace sakimori::serve {

Status EngineSink::Accept(const EventBatch& batch) {
  RETURN_IF_ERROR(engine_->Consume(batch));
  const uint64_t steps = engine_->stats().detect_steps;
  if (steps == published_steps_) return absl::OkStatus();
  RETURN_IF_ERROR(engine::WriteCampaignState(*engine_, run_id_, store_.get(), &evidenced_));
  published_steps_ = steps;
  return absl::OkStatus();
}

}  // namespace sakimori::serve
