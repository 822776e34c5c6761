//! Real Microsoft products and service plans, and the rules between plans.
//!
//! Part numbers, product GUIDs and plan GUIDs are Microsoft's own (the licensing service plan
//! reference), so a trainee learns the ids they will meet in their tenant, and the app can
//! show friendly names for SKUs a real Graph returns.

use uuid::{uuid, Uuid};

/// A service plan: one app or service inside a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Plan id.
    pub id: Uuid,
    /// Plan name, as `servicePlanName`.
    pub name: &'static str,
    /// The name the admin centers show.
    pub friendly: &'static str,
    /// The service it belongs to, as `assignedPlan.service`.
    pub service: &'static str,
}

/// A product (SKU).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Product {
    /// Product id.
    pub sku_id: Uuid,
    /// Product code, as `skuPartNumber`.
    pub part_number: &'static str,
    /// The name the admin centers show.
    pub name: &'static str,
    /// `User` or `Company`.
    pub applies_to: &'static str,
    /// Plan names in the product.
    pub plans: &'static [&'static str],
}

const fn plan(id: Uuid, name: &'static str, friendly: &'static str, service: &'static str) -> Plan {
    Plan {
        id,
        name,
        friendly,
        service,
    }
}

/// Every service plan this catalog knows.
pub const PLANS: &[Plan] = &[
    plan(
        uuid!("efb87545-963c-4e0d-99df-69c6916d9eb0"),
        "EXCHANGE_S_ENTERPRISE",
        "Exchange Online (Plan 2)",
        "exchange",
    ),
    plan(
        uuid!("9aaf7827-d63c-4b61-89c3-182f06f82e5c"),
        "EXCHANGE_S_STANDARD",
        "Exchange Online (Plan 1)",
        "exchange",
    ),
    plan(
        uuid!("113feb6c-3fe4-4440-bddc-54d774bf0318"),
        "EXCHANGE_S_FOUNDATION",
        "Exchange Foundation",
        "exchange",
    ),
    plan(
        uuid!("176a09a6-7ec5-4039-ac02-b2791c6ba793"),
        "EXCHANGE_S_ARCHIVE_ADDON",
        "Exchange Online Archiving",
        "exchange",
    ),
    plan(
        uuid!("5dbe027f-2339-4123-9542-606e4d348a72"),
        "SHAREPOINTENTERPRISE",
        "SharePoint (Plan 2)",
        "SharePoint",
    ),
    plan(
        uuid!("c7699d2e-19aa-44de-8edf-1736da088ca1"),
        "SHAREPOINTSTANDARD",
        "SharePoint (Plan 1)",
        "SharePoint",
    ),
    plan(
        uuid!("e95bec33-7c88-4a70-8e19-b10bd9d0c014"),
        "SHAREPOINTWAC",
        "Office for the web",
        "SharePoint",
    ),
    plan(
        uuid!("57ff2da0-773e-42df-b2af-ffb7a2317929"),
        "TEAMS1",
        "Microsoft Teams",
        "TeamspaceAPI",
    ),
    plan(
        uuid!("43de0ff5-c92c-492b-9116-175376d08c38"),
        "OFFICESUBSCRIPTION",
        "Microsoft 365 Apps for enterprise",
        "MicrosoftOffice",
    ),
    plan(
        uuid!("094e7854-93fc-4d55-b2c0-3ab5369ebdc1"),
        "OFFICE_BUSINESS",
        "Microsoft 365 Apps for business",
        "MicrosoftOffice",
    ),
    plan(
        uuid!("0feaeb32-d00e-4d66-bd5a-43b5b83db82c"),
        "MCOSTANDARD",
        "Skype for Business Online (Plan 2)",
        "MicrosoftCommunicationsOnline",
    ),
    plan(
        uuid!("3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40"),
        "MCOMEETADV",
        "Microsoft 365 Audio Conferencing",
        "MicrosoftCommunicationsOnline",
    ),
    plan(
        uuid!("4828c8ec-dc2e-4779-b502-87ac9ce28ab7"),
        "MCOEV",
        "Microsoft 365 Phone System",
        "MicrosoftCommunicationsOnline",
    ),
    plan(
        uuid!("7547a3fe-08ee-4ccb-b430-5077c5041653"),
        "YAMMER_ENTERPRISE",
        "Yammer Enterprise",
        "YammerEnterprise",
    ),
    plan(
        uuid!("b737dad2-2f6c-4c65-90e3-ca563267e8b9"),
        "PROJECTWORKMANAGEMENT",
        "Microsoft Planner",
        "ProjectWorkManagement",
    ),
    plan(
        uuid!("2789c901-c14e-48ab-a76a-be334d9d793a"),
        "FORMS_PLAN_E3",
        "Microsoft Forms (Plan E3)",
        "OfficeForms",
    ),
    plan(
        uuid!("159f4cd6-e380-449f-a816-af1a9ef76344"),
        "FORMS_PLAN_E1",
        "Microsoft Forms (Plan E1)",
        "OfficeForms",
    ),
    plan(
        uuid!("76846ad7-7776-4c40-a281-a386362dd1b9"),
        "FLOW_O365_P2",
        "Power Automate for Office 365",
        "ProcessSimple",
    ),
    plan(
        uuid!("0f9b09cb-62d1-4ff4-9129-43f4996f83f4"),
        "FLOW_O365_P1",
        "Power Automate for Office 365",
        "ProcessSimple",
    ),
    plan(
        uuid!("c68f8d98-5534-41c8-bf36-22fa496fa792"),
        "POWERAPPS_O365_P2",
        "Power Apps for Office 365",
        "PowerAppsService",
    ),
    plan(
        uuid!("92f7a6f3-b89b-4bbd-8c30-809e6da5ad1c"),
        "POWERAPPS_O365_P1",
        "Power Apps for Office 365",
        "PowerAppsService",
    ),
    plan(uuid!("a23b959c-7ce8-4e57-9140-b90eb88a9e97"), "SWAY", "Sway", "Sway"),
    plan(
        uuid!("882e1d05-acd1-4ccb-8708-6ee03664b117"),
        "INTUNE_O365",
        "Mobile Device Management for Office 365",
        "SCO",
    ),
    plan(
        uuid!("bea4c11e-220a-4e6d-8eb8-8ea15d019f90"),
        "RMS_S_ENTERPRISE",
        "Microsoft Azure Active Directory Rights",
        "RMSOnline",
    ),
    plan(
        uuid!("70d33638-9c74-4d01-bfd3-562de28bd4ba"),
        "BI_AZURE_P2",
        "Power BI Pro",
        "PowerBI",
    ),
    plan(
        uuid!("2049e525-b859-401b-b2a0-e0a31c4b1fe4"),
        "BI_AZURE_P0",
        "Power BI (free)",
        "PowerBI",
    ),
    plan(
        uuid!("f20fedf3-f3c3-43c3-8267-2bfdd51c0939"),
        "ATP_ENTERPRISE",
        "Microsoft Defender for Office 365 (Plan 1)",
        "exchange",
    ),
    plan(
        uuid!("8e0c0a52-6a6c-4d40-8370-dd62790dcd70"),
        "THREAT_INTELLIGENCE",
        "Microsoft Defender for Office 365 (Plan 2)",
        "exchange",
    ),
    plan(
        uuid!("a413a9ff-720c-4822-98ef-2f37c2a21f4c"),
        "MICROSOFT_COMMUNICATION_COMPLIANCE",
        "Microsoft Communication Compliance",
        "exchange",
    ),
    plan(
        uuid!("41781fb2-bc02-4b7c-bd55-b576c07bb09d"),
        "AAD_PREMIUM",
        "Microsoft Entra ID P1",
        "AADPremiumService",
    ),
    plan(
        uuid!("eec0eb4f-6444-4f95-aba0-50c24d67f998"),
        "AAD_PREMIUM_P2",
        "Microsoft Entra ID P2",
        "AADPremiumService",
    ),
    plan(
        uuid!("8a256a2b-b617-496d-b51b-e76466e88db0"),
        "MFA_PREMIUM",
        "Microsoft Azure Multi-Factor Authentication",
        "MultiFactorService",
    ),
    plan(
        uuid!("c1ec4a95-1f05-45b3-a911-aa3fa01094f5"),
        "INTUNE_A",
        "Microsoft Intune",
        "SCO",
    ),
    plan(
        uuid!("6c57d4b6-3b23-47a5-9bc9-69f17b4947b3"),
        "RMS_S_PREMIUM",
        "Azure Information Protection Premium P1",
        "RMSOnline",
    ),
    plan(
        uuid!("5689bec4-755d-4753-8b61-40975025187c"),
        "RMS_S_PREMIUM2",
        "Azure Information Protection Premium P2",
        "RMSOnline",
    ),
    plan(
        uuid!("932ad362-64a8-4783-9106-97849a1a30b9"),
        "ADALLOM_S_DISCOVERY",
        "Cloud App Security Discovery",
        "Adallom",
    ),
    plan(
        uuid!("2e2ddb96-6af9-4b1d-a3f0-d6ecfd22edb2"),
        "ADALLOM_S_STANDALONE",
        "Microsoft Defender for Cloud Apps",
        "Adallom",
    ),
    plan(
        uuid!("14ab5db5-e6c4-4b20-b4bc-13e36fd2227f"),
        "ATA",
        "Microsoft Defender for Identity",
        "Adallom",
    ),
    plan(
        uuid!("21b439ba-a0ca-424f-a6cc-52f954a5b111"),
        "WIN10_PRO_ENT_SUB",
        "Windows 10/11 Enterprise",
        "Windows",
    ),
    plan(
        uuid!("5e62787c-c316-451f-b873-1d05acd4d12c"),
        "BPOS_S_TODO_1",
        "To-Do (Plan 1)",
        "To-Do",
    ),
    plan(
        uuid!("50e68c76-46c6-4674-81f9-75456511b170"),
        "FLOW_P2_VIRAL",
        "Flow Free",
        "ProcessSimple",
    ),
    plan(
        uuid!("17ab22cd-a0b3-4536-910a-cb6eb12696c0"),
        "DYN365_CDS_VIRAL",
        "Common Data Service",
        "CRM",
    ),
    plan(
        uuid!("f477b0f0-3bb1-4890-940c-40fcee6ce05f"),
        "WORKPLACE_ANALYTICS",
        "Microsoft Workplace Analytics",
        "WorkplaceAnalytics",
    ),
    plan(
        uuid!("a420f25f-a7b3-4ff5-a9d0-5d58f73b537d"),
        "WINDOWS_STORE",
        "Windows Store Service",
        "WindowsStoreForBusiness",
    ),
];

const E3: &[&str] = &[
    "EXCHANGE_S_ENTERPRISE",
    "SHAREPOINTENTERPRISE",
    "TEAMS1",
    "OFFICESUBSCRIPTION",
    "MCOSTANDARD",
    "SHAREPOINTWAC",
    "YAMMER_ENTERPRISE",
    "PROJECTWORKMANAGEMENT",
    "FORMS_PLAN_E3",
    "FLOW_O365_P2",
    "POWERAPPS_O365_P2",
    "SWAY",
    "INTUNE_O365",
    "RMS_S_ENTERPRISE",
];

/// Every product this catalog knows.
pub const PRODUCTS: &[Product] = &[
    Product {
        sku_id: uuid!("6fd2c87f-b296-42f0-b197-1e91e994b900"),
        part_number: "ENTERPRISEPACK",
        name: "Office 365 E3",
        applies_to: "User",
        plans: E3,
    },
    Product {
        sku_id: uuid!("c7df2760-2c81-4ef7-b578-5b5392b571df"),
        part_number: "ENTERPRISEPREMIUM",
        name: "Office 365 E5",
        applies_to: "User",
        plans: &[
            "EXCHANGE_S_ENTERPRISE",
            "SHAREPOINTENTERPRISE",
            "TEAMS1",
            "OFFICESUBSCRIPTION",
            "MCOSTANDARD",
            "SHAREPOINTWAC",
            "YAMMER_ENTERPRISE",
            "PROJECTWORKMANAGEMENT",
            "FORMS_PLAN_E3",
            "FLOW_O365_P2",
            "POWERAPPS_O365_P2",
            "SWAY",
            "RMS_S_ENTERPRISE",
            "MCOMEETADV",
            "MCOEV",
            "BI_AZURE_P2",
            "ATP_ENTERPRISE",
            "THREAT_INTELLIGENCE",
            "MICROSOFT_COMMUNICATION_COMPLIANCE",
        ],
    },
    Product {
        sku_id: uuid!("18181a46-0d4e-45cd-891e-60aabd171b4e"),
        part_number: "STANDARDPACK",
        name: "Office 365 E1",
        applies_to: "User",
        plans: &[
            "EXCHANGE_S_STANDARD",
            "SHAREPOINTSTANDARD",
            "TEAMS1",
            "MCOSTANDARD",
            "SHAREPOINTWAC",
            "FORMS_PLAN_E1",
            "FLOW_O365_P1",
            "POWERAPPS_O365_P1",
        ],
    },
    Product {
        sku_id: uuid!("05e9a617-0261-4cee-bb44-138d3ef5d965"),
        part_number: "SPE_E3",
        name: "Microsoft 365 E3",
        applies_to: "User",
        plans: &[
            "EXCHANGE_S_ENTERPRISE",
            "SHAREPOINTENTERPRISE",
            "TEAMS1",
            "OFFICESUBSCRIPTION",
            "MCOSTANDARD",
            "SHAREPOINTWAC",
            "PROJECTWORKMANAGEMENT",
            "FORMS_PLAN_E3",
            "SWAY",
            "RMS_S_ENTERPRISE",
            "AAD_PREMIUM",
            "MFA_PREMIUM",
            "INTUNE_A",
            "RMS_S_PREMIUM",
            "WIN10_PRO_ENT_SUB",
        ],
    },
    Product {
        sku_id: uuid!("06ebc4ee-1bb5-47dd-8120-11324bc54e06"),
        part_number: "SPE_E5",
        name: "Microsoft 365 E5",
        applies_to: "User",
        plans: &[
            "EXCHANGE_S_ENTERPRISE",
            "SHAREPOINTENTERPRISE",
            "TEAMS1",
            "OFFICESUBSCRIPTION",
            "MCOSTANDARD",
            "SHAREPOINTWAC",
            "PROJECTWORKMANAGEMENT",
            "FORMS_PLAN_E3",
            "SWAY",
            "RMS_S_ENTERPRISE",
            "AAD_PREMIUM",
            "MFA_PREMIUM",
            "INTUNE_A",
            "RMS_S_PREMIUM",
            "WIN10_PRO_ENT_SUB",
            "AAD_PREMIUM_P2",
            "MCOMEETADV",
            "MCOEV",
            "BI_AZURE_P2",
            "ATP_ENTERPRISE",
            "THREAT_INTELLIGENCE",
        ],
    },
    Product {
        sku_id: uuid!("cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46"),
        part_number: "SPB",
        name: "Microsoft 365 Business Premium",
        applies_to: "User",
        plans: &[
            "EXCHANGE_S_STANDARD",
            "SHAREPOINTSTANDARD",
            "TEAMS1",
            "OFFICE_BUSINESS",
            "AAD_PREMIUM",
            "INTUNE_A",
            "EXCHANGE_S_ARCHIVE_ADDON",
        ],
    },
    Product {
        sku_id: uuid!("f245ecc8-75af-4f8e-b61f-27d8114de5f3"),
        part_number: "O365_BUSINESS_PREMIUM",
        name: "Microsoft 365 Business Standard",
        applies_to: "User",
        plans: &[
            "EXCHANGE_S_STANDARD",
            "SHAREPOINTSTANDARD",
            "TEAMS1",
            "OFFICE_BUSINESS",
            "MCOSTANDARD",
        ],
    },
    Product {
        sku_id: uuid!("3b555118-da6a-4418-894f-7df1e2096870"),
        part_number: "O365_BUSINESS_ESSENTIALS",
        name: "Microsoft 365 Business Basic",
        applies_to: "User",
        plans: &[
            "EXCHANGE_S_STANDARD",
            "SHAREPOINTSTANDARD",
            "TEAMS1",
            "SHAREPOINTWAC",
            "MCOSTANDARD",
        ],
    },
    Product {
        sku_id: uuid!("078d2b04-f1bd-4111-bbd4-b4b1b354cef4"),
        part_number: "AAD_PREMIUM",
        name: "Microsoft Entra ID P1",
        applies_to: "User",
        plans: &[
            "AAD_PREMIUM",
            "ADALLOM_S_DISCOVERY",
            "EXCHANGE_S_FOUNDATION",
            "MFA_PREMIUM",
        ],
    },
    Product {
        sku_id: uuid!("84a661c4-e949-4bd2-a560-ed7766fcaf2b"),
        part_number: "AAD_PREMIUM_P2",
        name: "Microsoft Entra ID P2",
        applies_to: "User",
        plans: &[
            "AAD_PREMIUM",
            "ADALLOM_S_DISCOVERY",
            "EXCHANGE_S_FOUNDATION",
            "MFA_PREMIUM",
            "AAD_PREMIUM_P2",
        ],
    },
    Product {
        sku_id: uuid!("efccb6f7-5641-4e0e-bd10-b4976e1bf68e"),
        part_number: "EMS",
        name: "Enterprise Mobility + Security E3",
        applies_to: "User",
        plans: &[
            "AAD_PREMIUM",
            "RMS_S_PREMIUM",
            "RMS_S_ENTERPRISE",
            "INTUNE_A",
            "MFA_PREMIUM",
            "ADALLOM_S_DISCOVERY",
            "EXCHANGE_S_FOUNDATION",
        ],
    },
    Product {
        sku_id: uuid!("b05e124f-c7cc-45a0-a6aa-8cf78c946968"),
        part_number: "EMSPREMIUM",
        name: "Enterprise Mobility + Security E5",
        applies_to: "User",
        plans: &[
            "AAD_PREMIUM",
            "RMS_S_PREMIUM",
            "RMS_S_ENTERPRISE",
            "INTUNE_A",
            "MFA_PREMIUM",
            "ADALLOM_S_DISCOVERY",
            "EXCHANGE_S_FOUNDATION",
            "AAD_PREMIUM_P2",
            "RMS_S_PREMIUM2",
            "ADALLOM_S_STANDALONE",
            "ATA",
        ],
    },
    Product {
        sku_id: uuid!("f8a1db68-be16-40ed-86d5-cb42ce701560"),
        part_number: "POWER_BI_PRO",
        name: "Power BI Pro",
        applies_to: "User",
        plans: &["BI_AZURE_P2", "EXCHANGE_S_FOUNDATION"],
    },
    Product {
        sku_id: uuid!("a403ebcc-fae0-4ca2-8c8c-7a907fd6c235"),
        part_number: "POWER_BI_STANDARD",
        name: "Power BI (free)",
        applies_to: "User",
        plans: &["BI_AZURE_P0", "EXCHANGE_S_FOUNDATION"],
    },
    Product {
        sku_id: uuid!("4b9405b0-7788-4568-add1-99614e613b69"),
        part_number: "EXCHANGESTANDARD",
        name: "Exchange Online (Plan 1)",
        applies_to: "User",
        plans: &["EXCHANGE_S_STANDARD", "INTUNE_O365", "BPOS_S_TODO_1"],
    },
    Product {
        sku_id: uuid!("19ec0d23-8335-4cbd-94ac-6050e30712fa"),
        part_number: "EXCHANGEENTERPRISE",
        name: "Exchange Online (Plan 2)",
        applies_to: "User",
        plans: &["EXCHANGE_S_ENTERPRISE"],
    },
    Product {
        sku_id: uuid!("f30db892-07e9-47e9-837c-80727f46fd3d"),
        part_number: "FLOW_FREE",
        name: "Microsoft Power Automate Free",
        applies_to: "User",
        plans: &["FLOW_P2_VIRAL", "DYN365_CDS_VIRAL", "EXCHANGE_S_FOUNDATION"],
    },
    Product {
        sku_id: uuid!("0c266dff-15dd-4b49-8397-2bb16070ed52"),
        part_number: "MCOMEETADV",
        name: "Microsoft 365 Audio Conferencing",
        applies_to: "User",
        plans: &["MCOMEETADV"],
    },
    Product {
        sku_id: uuid!("3d957427-ecdc-4df2-aacd-01cc9d519da8"),
        part_number: "WORKPLACE_ANALYTICS",
        name: "Microsoft Workplace Analytics",
        applies_to: "User",
        plans: &["WORKPLACE_ANALYTICS"],
    },
    Product {
        sku_id: uuid!("6470687e-a428-4b7a-bef2-8a291ad947c9"),
        part_number: "WINDOWS_STORE",
        name: "Windows Store for Business",
        applies_to: "Company",
        plans: &["EXCHANGE_S_FOUNDATION", "WINDOWS_STORE"],
    },
];

/// Plans that cannot be on for one user at the same time. Microsoft's reference lists these
/// groups; its newer text says Exchange Plan 1 and 2 may now coexist, but the classic rule
/// (Office 365 E1 plus E3 on one user fails) is the one admins meet and trainees must learn,
/// so the simulation keeps it.
pub const MUTUALLY_EXCLUSIVE: &[&[&str]] = &[
    &["EXCHANGE_S_STANDARD", "EXCHANGE_S_ENTERPRISE"],
    &["SHAREPOINTSTANDARD", "SHAREPOINTENTERPRISE"],
];

/// A plan and the plans it needs: at least one of `needs` must be on.
pub const DEPENDENCIES: &[(&str, &[&str])] = &[
    ("MCOMEETADV", &["MCOSTANDARD"]),
    ("WORKPLACE_ANALYTICS", &["EXCHANGE_S_STANDARD", "EXCHANGE_S_ENTERPRISE"]),
];

/// Plans not offered in some usage locations (a simulation rule: Microsoft does not sell
/// Teams Phone and Audio Conferencing everywhere; here they are withheld in China).
pub const LOCATION_RESTRICTIONS: &[(&str, &[&str])] = &[("MCOEV", &["CN"]), ("MCOMEETADV", &["CN"])];

/// A plan by id.
pub fn plan_by_id(id: Uuid) -> Option<&'static Plan> {
    PLANS.iter().find(|p| p.id == id)
}

/// A plan by name.
pub fn plan_by_name(name: &str) -> Option<&'static Plan> {
    PLANS.iter().find(|p| p.name == name)
}

/// A product by id.
pub fn product(sku_id: Uuid) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.sku_id == sku_id)
}

/// A product by part number.
pub fn product_by_part(part: &str) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.part_number == part)
}

/// The name to show for a product, falling back to its part number for SKUs this catalog
/// does not know (a real tenant has many).
pub fn product_name(part_number: &str) -> &str {
    product_by_part(part_number).map(|p| p.name).unwrap_or(part_number)
}

/// The name to show for a plan, falling back to its plan name.
pub fn plan_name(plan_name: &str) -> &str {
    plan_by_name(plan_name).map(|p| p.friendly).unwrap_or(plan_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_product_plan_is_known_and_ids_are_unique() {
        for p in PRODUCTS {
            for name in p.plans {
                assert!(
                    plan_by_name(name).is_some(),
                    "{} lists unknown plan {name}",
                    p.part_number
                );
            }
        }
        let mut ids: Vec<_> = PLANS
            .iter()
            .map(|p| p.id)
            .chain(PRODUCTS.iter().map(|p| p.sku_id))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        for (plan, needs) in DEPENDENCIES {
            assert!(plan_by_name(plan).is_some());
            assert!(needs.iter().all(|n| plan_by_name(n).is_some()));
        }
    }
}
