//! OData queries: parsing, rendering, evaluation and Graph's advanced-query rule.
mod common;

use common::*;
use tenant::query::{parse_filter, Cmp, Filter, Prop, Search, UserQuery, Value};

fn list(t: &tenant::Tenant, qs: &str, eventual: bool) -> Result<tenant::UserPage, tenant::GraphError> {
    let q = UserQuery::from_query_string(qs)?;
    t.list_users(&q, eventual, false)
}

#[test]
fn parses_every_operator_graph_has() {
    let f =
        parse_filter("userType eq 'Guest' and (startsWith(displayName,'a') or usageLocation in ('NL','US'))").unwrap();
    assert_eq!(
        f,
        Filter::eq(Prop::UserType, "Guest").and(Filter::StartsWith(Prop::DisplayName, "a".into()).or(Filter::In(
            Prop::UsageLocation,
            vec![Value::Str("NL".into()), Value::Str("US".into())]
        )))
    );
    assert_eq!(
        parse_filter("not(accountEnabled eq true)").unwrap(),
        Filter::Compare(Prop::AccountEnabled, Cmp::Eq, Value::Bool(true)).negate()
    );
    assert_eq!(
        parse_filter("assignedLicenses/any(x:x/skuId eq 6fd2c87f-b296-42f0-b197-1e91e994b900)").unwrap(),
        Filter::HasLicense(id("ENTERPRISEPACK"))
    );
    assert_eq!(
        parse_filter("assignedLicenses/$count eq 0").unwrap(),
        Filter::LicenseCount(Cmp::Eq, 0)
    );
    assert_eq!(
        parse_filter("endsWith(mail,'@fabrikam.com')").unwrap(),
        Filter::EndsWith(Prop::Mail, "@fabrikam.com".into())
    );
    assert_eq!(
        parse_filter("displayName eq 'O''Brien'").unwrap(),
        Filter::eq(Prop::DisplayName, "O'Brien")
    );
    assert_eq!(
        parse_filter("usageLocation eq null").unwrap(),
        Filter::Compare(Prop::UsageLocation, Cmp::Eq, Value::Null)
    );
}

#[test]
fn bad_filters_get_graphs_errors() {
    let e = parse_filter("favouriteColour eq 'red'").unwrap_err();
    assert_eq!(
        e.message,
        "Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'."
    );
    for bad in [
        "userType eq",
        "userType eq 'Guest",
        "(userType eq 'Guest'",
        "assignedLicenses/any(x:x/skuId eq not-a-guid)",
        "userType eq 'a' and",
        "startsWith(displayName)",
        "'x'",
    ] {
        let e = parse_filter(bad).unwrap_err();
        assert_eq!(e.status(), 400, "{bad}");
        assert!(e.message.starts_with("Invalid filter clause"), "{bad}: {}", e.message);
    }
}

#[test]
fn guests_filter_finds_exactly_the_guests() {
    let t = demo();
    let page = list(&t, "$filter=userType eq 'Guest'&$top=999", false).unwrap();
    let guests = t.users().filter(|u| u.is_guest()).count();
    assert_eq!(page.items.len(), guests);
    assert!(page.items.iter().all(|&i| t.user_at(i).is_guest()));
    // The guest turned into a member is not a guest any more.
    assert!(page
        .items
        .iter()
        .all(|&i| t.user_at(i).display_name.as_deref() != Some(tenant::demo::CONVERTED_GUEST)));
}

#[test]
fn startswith_and_search_match_as_graph() {
    let t = demo();
    let page = list(&t, "$filter=startsWith(displayName,'al')", false).unwrap();
    let names: Vec<&str> = page.items.iter().map(|&i| t.user_at(i).name()).collect();
    assert!(names.contains(&"Alain Charon") && names.contains(&"Alex Wilber") && names.contains(&"Allan Deyoung"));
    assert!(names.iter().all(|n| n.to_lowercase().starts_with("al")));
    let page = list(&t, "$search=\"displayName:wall\"", true).unwrap();
    assert_eq!(
        page.items.iter().map(|&i| t.user_at(i).name()).collect::<Vec<_>>(),
        vec!["Kelley Wall"]
    );
    let s = Search::anywhere("fabrikam");
    assert!(t.users().filter(|u| s.matches(u)).count() >= 3);
}

#[test]
fn advanced_queries_need_consistency_level() {
    let t = demo();
    let e = list(&t, "$search=\"displayName:ali\"", false).unwrap_err();
    assert_eq!(e.code.as_str(), "Request_UnsupportedQuery");
    assert_eq!(e.message, "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
    for qs in [
        "$filter=userType ne 'Guest'",
        "$filter=not(userType eq 'Guest')",
        "$filter=endsWith(mail,'@fabrikam.com')",
        "$filter=assignedLicenses/$count eq 0",
    ] {
        let e = list(&t, qs, false).unwrap_err();
        assert!(
            e.message
                .contains("is not supported because the required parameters might be missing"),
            "{qs}"
        );
        assert!(list(&t, qs, true).is_err(), "{qs} needs $count=true too");
        assert!(list(&t, &format!("{qs}&$count=true"), true).is_ok(), "{qs}");
    }
    let e = list(&t, "$filter=userType eq 'Guest'&$orderby=displayName", false).unwrap_err();
    assert_eq!(e.message, "Sorting not supported for current query.");
    assert!(list(&t, "$orderby=displayName", false).is_ok());
    let e = t.count_users(&UserQuery::default(), false).unwrap_err();
    assert_eq!(e.message, "$count is not currently supported.");
    assert_eq!(t.count_users(&UserQuery::default(), true).unwrap(), t.users().count());
    // $count=true without the header is silently ignored.
    assert_eq!(list(&t, "$count=true", false).unwrap().count, None);
    let unlicensed = list(&t, "$filter=assignedLicenses/$count eq 0&$count=true&$top=999", true).unwrap();
    assert!(unlicensed
        .items
        .iter()
        .all(|&i| t.user_at(i).assigned_licenses.is_empty()));
    assert_eq!(
        unlicensed.count,
        Some(t.users().filter(|u| u.assigned_licenses.is_empty()).count())
    );
}

#[test]
fn top_is_between_1_and_999_and_paging_covers_everything_once() {
    let t = demo();
    for bad in ["0", "1000", "5000", "-1", "ten"] {
        let e = list(&t, &format!("$top={bad}"), false).unwrap_err();
        assert!(e.message.starts_with("Invalid page size specified"), "{bad}");
    }
    let mut seen = Vec::new();
    let mut q = UserQuery {
        top: Some(7),
        ..UserQuery::default()
    };
    loop {
        let page = t.list_users(&q, false, false).unwrap();
        seen.extend(page.items.iter().map(|&i| t.user_at(i).id));
        match page.next_skip {
            Some(s) => q.skip_token = Some(tenant::encode_skip(s)),
            None => break,
        }
    }
    let n = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), n);
    assert_eq!(n, t.users().count());
    assert!(list(&t, "$skiptoken=garbage", false).is_err());
}

#[test]
fn orderby_sorts_case_insensitively() {
    let t = demo();
    let page = list(&t, "$orderby=displayName desc&$top=999", false).unwrap();
    let names: Vec<String> = page.items.iter().map(|&i| t.user_at(i).name().to_lowercase()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(names, sorted);
    assert!(list(&t, "$orderby=department", false).is_err());
}

#[test]
fn query_strings_round_trip() {
    let q = UserQuery {
        filter: Some(Filter::eq(Prop::UserType, "Guest").and(Filter::StartsWith(Prop::DisplayName, "a b&c".into()))),
        search: Some(Search::anywhere("ali")),
        select: vec!["id".into(), "displayName".into()],
        top: Some(50),
        count: true,
        ..UserQuery::default()
    };
    let qs = q.to_query_string();
    assert!(qs.contains("%20") && !qs.contains(' '));
    assert_eq!(UserQuery::from_query_string(&qs).unwrap(), q);
}

#[test]
fn a_plain_listing_is_the_same_before_and_after_the_list_index_is_built() {
    let t = demo();
    let q = UserQuery {
        top: Some(999),
        ..Default::default()
    };
    let ids = |deleted: bool| -> Vec<usize> { t.list_users(&q, false, deleted).expect("plain listing").items };
    let (live, gone) = (ids(false), ids(true));
    assert!(!gone.is_empty(), "the demo has deleted users");
    t.warm_up();
    assert_eq!(ids(false), live);
    assert_eq!(ids(true), gone);
    assert!(live.iter().all(|&i| t.user_at(i).deleted_date_time.is_none()));
    assert!(gone.iter().all(|&i| t.user_at(i).deleted_date_time.is_some()));
}
