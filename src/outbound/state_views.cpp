#include "esr/outbound/state_views.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "esr/rules/eligibility.hpp"
#include "esr/store/position_columns.hpp"

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

namespace {

// Where position_from_row puts each kept column, by ref (the order of store::kPorColumns, then
// kPosColumns); fields() checks the two lists agree.
using Member = std::string Position::*;
constexpr std::array<std::pair<std::string_view, Member>, 17> kKept = {{
    {"T_POR06", &Position::title},
    {"T_POR08", &Position::managing_office},
    {"T_POR09", &Position::host_lead},
    {"T_POR10", &Position::ods_code},
    {"T_POR11", &Position::vpd},
    {"T_POR12", &Position::organisation},
    {"T_POR13", &Position::location},
    {"T_POS06", &Position::staff_group},
    {"T_POS07", &Position::occupation_code},
    {"T_POS08", &Position::area_of_work},
    {"T_POS09", &Position::second_specialty},
    {"T_POS11", &Position::pos_managing_office},
    {"T_POS12", &Position::pos_ods_code},
    {"T_POS13", &Position::grade_trust},
    {"T_POS14", &Position::grade_payscale},
    {"T_POS15", &Position::grade_description},
    {"T_POS16", &Position::workplace_org},
}};

constexpr bool kept_in_column_order() {
  std::size_t i = 0;
  for (const auto& c : store::kPorColumns)
    if (kKept[i++].first != c.ref) return false;
  for (const auto& c : store::kPosColumns)
    if (kKept[i++].first != c.ref) return false;
  return i == kKept.size();
}
static_assert(kept_in_column_order(), "kKept must follow store::kPorColumns, kPosColumns");

}  // namespace

std::optional<std::string> Position::field(std::string_view ref) const {
  for (const auto& [kept_ref, member] : kKept) {
    if (kept_ref == ref) return this->*member;
  }
  return std::nullopt;
}

std::string position_columns(std::string_view alias) {
  std::string out = fmt::format(
      "{0}position_id, {0}local_office, {0}deanery_number, coalesce({0}position_number, ''),"
      " {0}deleted, {0}matched, {0}has_por, {0}has_pos",
      alias);
  for (const auto& c : store::kPorColumns) out += fmt::format(", {}{}", alias, c.column);
  for (const auto& c : store::kPosColumns) out += fmt::format(", {}{}", alias, c.column);
  return out;
}

Position position_from_row(const store::Statement& row, int first) {
  Position position;
  position.id = row.column_int64(first);
  position.local_office = row.column_text(first + 1);
  position.deanery_number = row.column_text(first + 2);
  position.number = row.column_text(first + 3);
  position.deleted = row.column_int(first + 4) != 0;
  position.matched = row.column_int(first + 5) != 0;
  position.has_por = row.column_int(first + 6) != 0;
  position.has_pos = row.column_int(first + 7) != 0;
  int column = first + 8;
  for (const auto& [ref, member] : kKept) position.*member = row.column_text(column++);
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
