"""Checks of scikit-learn's estimator suite that every classifier of this package
is expected to fail, with the reason."""

# partial_fit takes only ids of a HashingVocabulary (stateless): ids without a
# vocabulary do not say how many embedding rows the stream needs.
PARTIAL_FIT_CHECKS = {
    name: (
        "calls partial_fit on a float array; partial_fit takes only ids of a "
        "HashingVocabulary, whose size fixes the embedding rows for the whole stream"
    )
    for name in (
        "check_fit_score_takes_y",
        "check_n_features_in_after_fitting",
        "check_estimators_partial_fit_n_features",
    )
}
