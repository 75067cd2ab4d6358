#include "esr/outbound/state_views.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "esr/store/json_text.hpp"

namespace esr::outbound {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

bool is_eligible_type(std::string_view type) {
  static constexpr std::array<std::string_view, 7> eligible = {
      "in post", "in post - acting up", "in post - extension", "parental leave",
      "long-term sick", "suspended", "phased return"};
  auto wanted = lower(type);
  return std::find(eligible.begin(), eligible.end(), wanted) != eligible.end();
}

std::string Placement::column(std::string_view name) const {
  for (const auto& [key, value] : columns) {
    if (key == name) return value;
  }
  return {};
}

std::string Placement::last_name() const {
  auto legal = column("legal_surname");
  return legal.empty() ? column("surname") : legal;
}

std::string Placement::first_name() const {
  auto legal = column("legal_forenames");
  return legal.empty() ? column("forenames") : legal;
}

bool Placement::eligible() const { return lifecycle == "APPROVED" && is_eligible_type(type); }

std::optional<Placement> placement_from_json(const std::string& id, const std::string& json) {
  auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  Placement placement;
  placement.id = id;
  for (const auto& [key, value] : parsed.items()) {
    placement.columns.emplace_back(key, value.is_string() ? value.get<std::string>() : std::string());
  }
  auto start = spec::BusinessDate::from_iso(placement.column("start_date"));
  auto end = spec::BusinessDate::from_iso(placement.column("end_date"));
  if (!start || !end) return std::nullopt;
  placement.start = *start;
  placement.end = *end;
  placement.npn = placement.column("npn");
  placement.type = placement.column("placement_type");
  placement.lifecycle = placement.column("lifecycle");
  placement.wte = placement.column("wte");
  placement.site_code = placement.column("site_code");
  placement.site_name = placement.column("site_name");
  placement.grade = placement.column("grade");
  placement.person_id = placement.column("person_id");
  return placement;
}

Position position_from_row(std::int64_t id, std::string local_office, std::string deanery,
                           std::string number, const std::string& por_json, const std::string& pos_json,
                           bool deleted, bool matched) {
  Position position;
  position.id = id;
  position.local_office = std::move(local_office);
  position.deanery_number = std::move(deanery);
  position.number = std::move(number);
  position.deleted = deleted;
  position.matched = matched;
  std::vector<std::string> por, pos;
  auto at = [](const std::vector<std::string>& fields, std::size_t i) {
    return i < fields.size() ? fields[i] : std::string();
  };
  if (store::from_json_array(por_json, por)) {
    // T_POR06 title, T_POR09 host/lead, T_POR11 VPD, T_POR12 organisation, T_POR13 location.
    position.title = at(por, 5);
    position.host_lead = at(por, 8);
    position.vpd = at(por, 10);
    position.organisation = at(por, 11);
    position.location = at(por, 12);
  }
  if (store::from_json_array(pos_json, pos)) {
    // T_POS06 title, T_POS07 occupation code, T_POS08 area of work.
    if (position.title.empty()) position.title = at(pos, 5);
    position.occupation_code = at(pos, 6);
    position.area_of_work = at(pos, 7);
  }
  return position;
}

}  // namespace esr::outbound
