"""What a person looks at: the explorer, the HTML report and text renderings."""
