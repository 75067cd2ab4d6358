#include "esr/outbound/state_views.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "esr/rules/eligibility.hpp"
#include "esr/store/json_text.hpp"

namespace esr::outbound {

namespace {

// Collects the members of one JSON object; a member that is not a string reads as empty, and
// nested values are skipped.
class FlatObjectReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit FlatObjectReader(std::vector<std::pair<std::string, std::string>>& out) : out_(out) {}

  bool null() override { return value({}); }
  bool boolean(bool) override { return value({}); }
  bool number_integer(number_integer_t) override { return value({}); }
  bool number_unsigned(number_unsigned_t) override { return value({}); }
  bool number_float(number_float_t, const string_t&) override { return value({}); }
  bool string(string_t& text) override { return value(std::move(text)); }
  bool binary(binary_t&) override { return value({}); }
  bool start_object(std::size_t) override {
    if (depth_ == 0) object_ = true;
    if (depth_ == 1) value({});
    ++depth_;
    return true;
  }
  bool key(string_t& name) override {
    if (depth_ == 1) key_ = std::move(name);
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 1) value({});
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }
  [[nodiscard]] bool was_object() const { return object_; }

 private:
  bool value(std::string text) {
    if (depth_ == 1) out_.emplace_back(std::move(key_), std::move(text));
    return true;
  }

  std::vector<std::pair<std::string, std::string>>& out_;
  std::string key_;
  int depth_ = 0;
  bool object_ = false;
};

}  // namespace

std::string Placement::column(std::string_view name) const {
  auto found =
      std::lower_bound(columns.begin(), columns.end(), name,
                       [](const auto& column, std::string_view key) { return column.first < key; });
  return found != columns.end() && found->first == name ? found->second : std::string();
}

std::string Placement::last_name() const {
  auto legal = column("legal_surname");
  return legal.empty() ? column("surname") : legal;
}

std::string Placement::first_name() const {
  auto legal = column("legal_forenames");
  return legal.empty() ? column("forenames") : legal;
}

bool Placement::eligible() const { return rules::is_eligible_placement(lifecycle, type); }

std::optional<Placement> placement_from_json(const std::string& id, const std::string& json) {
  Placement placement;
  placement.id = id;
  // One flat object of strings: read it with the SAX interface straight into the columns, without
  // building a DOM (this runs once per candidate placement of every export).
  FlatObjectReader reader(placement.columns);
  if (!nlohmann::json::sax_parse(json, &reader) || !reader.was_object()) return std::nullopt;
  // column() searches by key: esrd writes the object with sorted keys, so this is a check.
  auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(placement.columns.begin(), placement.columns.end(), by_key)) {
    std::stable_sort(placement.columns.begin(), placement.columns.end(), by_key);
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
                           std::string number, const std::string& por_json,
                           const std::string& pos_json, bool deleted, bool matched) {
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
    position.title = at(por, rmt_field::por_title);
    position.host_lead = at(por, rmt_field::por_host_lead);
    position.vpd = at(por, rmt_field::por_vpd);
    position.organisation = at(por, rmt_field::por_organisation);
    position.location = at(por, rmt_field::por_location);
  }
  if (store::from_json_array(pos_json, pos)) {
    if (position.title.empty()) position.title = at(pos, rmt_field::pos_title);
    position.staff_group = at(pos, rmt_field::pos_title);
    position.occupation_code = at(pos, rmt_field::pos_occupation);
    position.area_of_work = at(pos, rmt_field::pos_area_of_work);
  }
  return position;
}

rules::PlacementFacts placement_facts(const Placement& placement) {
  rules::PlacementFacts facts;
  facts.id = placement.id;
  facts.lifecycle = placement.lifecycle;
  facts.type = placement.type;
  facts.start = placement.start;
  return facts;
}

rules::PositionFacts position_facts(const Position& position) {
  rules::PositionFacts facts;
  facts.deanery_number = position.deanery_number;
  facts.id = position.id;
  facts.deleted = position.deleted;
  facts.matched = position.matched;
  return facts;
}

}  // namespace esr::outbound
