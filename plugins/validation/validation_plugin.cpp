// validation.contacts: checks every member's email and phone with the contact validator
// (domain/contacts, docs/contacts.md) and summarises contact coverage for the group.
// Excluded people are not checked: no effort (or, with paid verifiers, money) on non-members.
// The call order depends on contact status (nobody unverified is called first), so it is
// recomputed here with the assembly's engagement rules once the statuses are known.
#include <stdexcept>

#include <buyergraph/sdk.hpp>

#include "buyergraph/assembly/engagement.hpp"
#include "buyergraph/contacts/validator.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

class ValidateContacts final : public UpdateOf<BuyerGroup> {
 public:
  struct Options {
    bool online = false;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>().option("online", &Options::online,
                                         "allow DNS MX lookups (slow; off by default)");
  }
  ValidateContacts(const StageInit&, const Options& options) : online_(options.online) {
    auto v = contacts::ContactValidator::load_default();
    if (!v) throw std::runtime_error(v.error().message);
    validator_ = std::make_unique<contacts::ContactValidator>(std::move(*v));
  }

 protected:
  void update(BuyerGroup& out, Context&) override {
    nlohmann::json counts = {{"valid", 0}, {"risky", 0}, {"invalid", 0}, {"unknown", 0}};
    int with_email = 0, with_usable_email = 0, with_phone = 0;
    for (auto& m : out.members) {
      bool email = false, usable = false, phone = false;
      for (auto& cp : m.person.contacts) {
        if (cp.kind == "email") {
          auto checked = validator_->validate_email(
              cp.value, {.company_domains = out.company.domains,
                         .provider_status = cp.provider_status,
                         .online = online_,
                         .source = cp.source.empty() ? m.person.provenance.source : cp.source});
          cp = std::move(checked);
          email = true;
          usable = usable || cp.status == "valid" || cp.status == "risky";
        } else if (cp.kind == "phone") {
          auto checked = validator_->validate_phone(
              cp.value, {.region_hint = m.person.country_iso2,
                         .provider_status = cp.provider_status,
                         .source = cp.source.empty() ? m.person.provenance.source : cp.source});
          cp = std::move(checked);
          phone = phone || cp.status == "valid";
        } else {
          continue;
        }
        counts[cp.status] = counts.value(cp.status, 0) + 1;
      }
      with_email += email;
      with_usable_email += usable;
      with_phone += phone;
    }
    out.coverage["contacts"] = {{"members", out.members.size()},
                                {"with_email", with_email},
                                {"with_usable_email", with_usable_email},
                                {"with_valid_phone", with_phone},
                                {"statuses", counts},
                                {"online_checks", online_}};
    if (!out.engagement.is_null())
      out.engagement =
          assembly::engagement(out.members, out.seller, assembly::AssemblyRules::shared());
  }

 private:
  bool online_;
  std::unique_ptr<contacts::ContactValidator> validator_;
};

void register_stages(Registrar& r) {
  r.add(make_stage<ValidateContacts>(
      {.name = "validation.contacts",
       .kind = StageKind::group,
       .summary = "Status (valid/risky/invalid/unknown) with reasons for each member's contacts",
       .docs = "Email: syntax, placeholders, TLDs, disposable and free-mail lists, role "
               "accounts, company-domain match, the provider's label, optional MX. Phone: "
               "libphonenumber validity, E.164, type. Writes coverage.contacts. See "
               "docs/contacts.md."}));
}

}  // namespace

BUYERGRAPH_PLUGIN("validation", "0.1.0", "Contact validation for buyer-group members",
                  register_stages)
